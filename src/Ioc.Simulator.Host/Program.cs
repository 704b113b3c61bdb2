using Ioc.Simulator.Host;
using Microsoft.Extensions.Options;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

try
{
    await SimulatorHost.Build(args).RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A wrong setting stops the start with its name, not a stack trace.
    await Console.Error.WriteLineAsync("Cannot start: invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures));
    return 1;
}
