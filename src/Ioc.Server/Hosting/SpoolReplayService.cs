using Ioc.Storage.Spool;

namespace Ioc.Server.Hosting;

/// <summary>Hosts the spool's replay loop for the life of the process.</summary>
internal sealed class SpoolReplayService(SpoolReplayer replayer) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => replayer.RunAsync(stoppingToken);
}
