using Ioc.Simulator.Host;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

await SimulatorHost.Build(args).RunAsync();
return 0;
