using System.Security.Claims;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Sources;

/// <summary>A source behind a wall panel, as a wall screen may see it: no error text, no address.</summary>
/// <param name="Source"><c>collector:&lt;id&gt;</c> or <c>key:&lt;id&gt;</c>.</param>
/// <param name="LastSuccess">Server milliseconds of its newest collected slot or write, if any.</param>
/// <param name="Measurements">The panel's measurements it writes.</param>
public sealed record PanelSource(string Source, string Name, SourceState State, double? LastSuccess, IReadOnlyList<string> Measurements);

/// <param name="Panels">Each panel's sources by panel id; a panel none of whose measurements was written yet has none.</param>
public sealed record DashboardSources(double ServerTime, IReadOnlyDictionary<string, IReadOnlyList<PanelSource>> Panels);

/// <summary>Every source's state for administrators, and for a wall screen the sources behind each of its panels.</summary>
internal static class SourcesApi
{
    public static IServiceCollection AddSources(this IServiceCollection services)
    {
        services.AddSingleton<SourceSeriesRecorder>();
        services.AddSingleton<ICollectorRunSink>(sp => sp.GetRequiredService<SourceSeriesRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<SourceSeriesRecorder>());
        services.AddSingleton<SourceBoard>();
        return services;
    }

    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sources", async (SourceBoard board, CancellationToken ct) => TypedResults.Ok(await board.ListAsync(ct)))
            .WithTags("Sources").RequireAuthorization(IocClaims.Policies.Admin);

        // The wall's own view: display tokens may read it for their dashboard, as they read its data.
        app.MapGet("/api/v1/dashboards/{id}/sources", DashboardAsync).WithTags("Sources").RequireAuthorization(IocClaims.Policies.Viewer);
        return app;
    }

    internal static async Task<Results<Ok<DashboardSources>, NotFound, ForbidHttpResult>> DashboardAsync(
        string id, DashboardCatalog catalog, SourceBoard board, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } dashboard)
        {
            return TypedResults.NotFound();
        }

        if (!user.CanView(dashboard))
        {
            return TypedResults.Forbid();
        }

        var measurements = dashboard.Panels.SelectMany(p => p.Measurements()).ToHashSet(StringComparer.Ordinal);
        var sources = await board.WritingAsync(measurements, cancellationToken);
        var panels = new Dictionary<string, IReadOnlyList<PanelSource>>(StringComparer.Ordinal);
        foreach (var panel in dashboard.Panels)
        {
            var own = panel.Measurements().ToHashSet(StringComparer.Ordinal);
            panels[panel.Id] = [.. sources
                .Select(s => (Source: s, Written: s.Measurements.Where(own.Contains).ToList()))
                .Where(s => s.Written.Count > 0)
                .Select(s => new PanelSource(s.Source.Source, s.Source.Name, s.Source.State, s.Source.LastSuccess?.ToUnixTimeMilliseconds(), s.Written))];
        }

        return TypedResults.Ok(new DashboardSources(clock.GetUtcNow().ToUnixTimeMilliseconds(), panels));
    }
}
