using Hangfire;
using Ioc.Core.Configuration;
using Ioc.Core.Storage;
using Ioc.Storage.Spool;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ioc.Server.Features.Health;

internal sealed class StoreHealthCheck(IMetricStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await Answers(() => store.PingAsync(cancellationToken)) ? HealthCheckResult.Healthy("answers") : HealthCheckResult.Unhealthy("does not answer");

    internal static async Task<bool> Answers(Func<Task<bool>> ping)
    {
        try
        {
            return await ping();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}

internal sealed class DefinitionStoreHealthCheck(IDefinitionStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await StoreHealthCheck.Answers(() => store.PingAsync(cancellationToken)) ? HealthCheckResult.Healthy("answers") : HealthCheckResult.Unhealthy("does not answer");
}

internal sealed class SpoolHealthCheck(SpoolingMetricStore spool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = spool.Status;
        var data = new Dictionary<string, object>
        {
            ["depthPoints"] = s.DepthPoints,
            ["depthBytes"] = s.DepthBytes,
            ["maxBytes"] = s.MaxBytes,
            ["replayedPoints"] = s.ReplayedPoints,
            ["droppedPoints"] = s.DroppedPoints,
            ["oldestSpooledAt"] = s.OldestSpooledAt?.ToString("o", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["lastError"] = s.LastError ?? "",
            ["replayFailingSince"] = s.ReplayFailingSince?.ToString("o", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["lastReplayError"] = s.LastReplayError ?? "",
        };
        var description = $"{s.DepthPoints} points waiting ({s.DepthBytes} of {s.MaxBytes} bytes)";
        // Waiting points are normal during an outage (degraded, still ready); a replay that keeps failing
        // (a revoked token, a dropped database) will not heal by itself and must page someone.
        return Task.FromResult(
            s.Full ? HealthCheckResult.Unhealthy("spool full: " + description, data: data)
            : s.ReplayStalled ? HealthCheckResult.Unhealthy($"replay failing since {s.ReplayFailingSince:o}: {s.LastReplayError}; {description}", data: data)
            : s.DepthPoints > 0 ? HealthCheckResult.Degraded(description, data: data)
            : HealthCheckResult.Healthy(description, data: data));
    }
}

internal sealed class SchedulerHealthCheck(JobStorage storage, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Ioc:Scheduling:Enabled", true))
        {
            return HealthCheckResult.Healthy("scheduling is off in this process");
        }

        try
        {
            // The monitoring API blocks on the database; keep it off the request thread. Only this process's
            // server counts: another Ioc beating against the same database says nothing about this one.
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken);
            var mine = servers.Where(s => s.Name.StartsWith(Scheduling.SchedulingSetup.ServerName, StringComparison.OrdinalIgnoreCase));
            var alive = mine.Count(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1));
            return alive > 0
                ? HealthCheckResult.Healthy("this process's scheduler is running")
                : HealthCheckResult.Unhealthy("this process's scheduler is not running");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"job storage does not answer: {ex.GetType().Name}");
        }
    }
}
