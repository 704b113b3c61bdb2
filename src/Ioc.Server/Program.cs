using Ioc.Server.Hosting;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

if (DemoCertificateCommand.IsRequested(args))
{
    return await DemoCertificateCommand.RunAsync(args);
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
