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
        };
        var description = $"{s.DepthPoints} points waiting ({s.DepthBytes} of {s.MaxBytes} bytes)";
        return Task.FromResult(s.Full
            ? HealthCheckResult.Unhealthy("spool full: " + description, data: data)
            : s.DepthPoints > 0 ? HealthCheckResult.Degraded(description, data: data) : HealthCheckResult.Healthy(description, data: data));
    }
}

internal sealed class SchedulerHealthCheck(JobStorage storage, IConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Ioc:Scheduling:Enabled", true))
        {
            return Task.FromResult(HealthCheckResult.Healthy("scheduling is off in this process"));
        }

        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var alive = servers.Count(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1));
            return Task.FromResult(alive > 0
                ? HealthCheckResult.Healthy($"{alive} scheduler server(s) running")
                : HealthCheckResult.Unhealthy("no scheduler server is running"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"job storage does not answer: {ex.GetType().Name}"));
        }
    }
}
