using System.Text.Json;
using Hangfire;
using Ioc.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ioc.Server.Features.Health;

/// <summary><c>/healthz</c>: 200 once the store answers and the scheduler's server is running.</summary>
internal static class HealthApi
{
    public static IServiceCollection AddIocHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        return services;
    }

    public static IEndpointRouteBuilder MapIocHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

internal sealed class StoreHealthCheck(IMetricStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken) ? HealthCheckResult.Healthy("store answers") : HealthCheckResult.Unhealthy("store does not answer");
}

internal sealed class SchedulerHealthCheck(JobStorage storage, IConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Ioc:Scheduling:Enabled", true))
        {
            return Task.FromResult(HealthCheckResult.Healthy("scheduling is off in this process"));
        }

        var servers = storage.GetMonitoringApi().Servers();
        var alive = servers.Count(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1));
        return Task.FromResult(alive > 0
            ? HealthCheckResult.Healthy($"{alive} scheduler server(s) running")
            : HealthCheckResult.Unhealthy("no scheduler server is running"));
    }
}
