using Ioc.Core.Collecting;
using Ioc.Server.Access;
using Ioc.Storage.Spool;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Ioc.Server.Features.Observability;

/// <summary>
/// <c>/metrics</c> in Prometheus's text format, on the main port: for admins, and for a scraper holding an API key
/// with the metrics scope (<c>Authorization: Bearer …</c>, as Prometheus's <c>authorization</c> setting sends it).
/// </summary>
internal static class MetricsApi
{
    public static IServiceCollection AddIocObservability(this IServiceCollection services)
    {
        services.AddSingleton<IocMetrics>();
        services.AddSingleton<ICollectorRunSink, CollectorRunMetrics>();
        services.TryAddSingleton<IScreenCounts, NoScreenCounts>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var metrics = app.ServiceProvider.GetRequiredService<IocMetrics>();
        var connections = app.ServiceProvider.GetRequiredService<LiveConnections>();
        // Resolved at each scrape: the screens registry needs the dashboards, loaded after the endpoints are mapped, and
        // the spool's store validates its settings when first built, which start-up does and must report.
        var services = app.ServiceProvider;
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            metrics.HubConnections.Set(connections.Count);
            var counts = services.GetRequiredService<IScreenCounts>().CountByState();
            foreach (var state in ScreenStates.All)
            {
                metrics.Screens.WithLabels(state).Set(counts.GetValueOrDefault(state));
            }

            if (services.GetService<SpoolingMetricStore>()?.Status is { } s)
            {
                metrics.SpoolDepthPoints.Set(s.DepthPoints);
                metrics.SpoolDepthBytes.Set(s.DepthBytes);
                metrics.SpoolLimitBytes.Set(s.MaxBytes);
                metrics.SpoolReplayedPoints.IncTo(s.ReplayedPoints);
                metrics.SpoolDroppedPoints.IncTo(s.DroppedPoints);
            }
        });

        // Plain text format only: OpenMetrics adds nothing Ioc uses, and one format keeps the contract simple.
        app.MapMetrics(o => { o.Registry = metrics.Registry; o.EnableOpenMetrics = false; })
            .RequireAuthorization(IocClaims.Policies.MetricsReader)
            .WithTags("Observability");
        return app;
    }
}
