using Ioc.Server.Hosting;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

if (UnlockCommand.IsRequested(args))
{
    return await UnlockCommand.RunAsync(args);
}

var app = IocApplication.Build(args);
if (!await app.LoadDefinitionsAsync())
{
    return 1;
}

await app.RunAsync();
return 0;
