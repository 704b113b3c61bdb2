using System.Collections.Concurrent;
using System.Security.Claims;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Dashboards;
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
        services.AddSingleton<DashboardSourcesCache>();
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
        string id, DashboardCatalog catalog, DashboardSourcesCache cache, ClaimsPrincipal user)
    {
        if (catalog.Find(id) is not { } dashboard)
        {
            return TypedResults.NotFound();
        }

        if (!user.CanView(dashboard))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await cache.GetAsync(dashboard));
    }
}

/// <summary>
/// Each dashboard's sources, judged at most once per <see cref="Lifetime"/> whatever the number of screens asking:
/// every screen reads them every 15 s, and each judgement reads the run history of every collector behind it.
/// </summary>
internal sealed class DashboardSourcesCache(SourceBoard board, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<DashboardSources> GetAsync(DashboardDefinition dashboard)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            dashboard.Id,
            static (_, state) => new Entry(state.Dashboard, state.Now, state.Cache.JudgeAsync(state.Dashboard)),
            static (_, current, state) => ReferenceEquals(current.Dashboard, state.Dashboard) && state.Now - current.At < Lifetime && !current.Answer.Value.IsFaulted && !current.Answer.Value.IsCanceled
                ? current
                : new Entry(state.Dashboard, state.Now, state.Cache.JudgeAsync(state.Dashboard)),
            (Dashboard: dashboard, Now: now, Cache: this));
        return await entry.Answer.Value;
    }

    // Shared by every request that takes it, so no one request's abort cancels it.
    private Lazy<Task<DashboardSources>> JudgeAsync(DashboardDefinition dashboard) => new(async () =>
    {
        var measurements = dashboard.Panels.SelectMany(p => p.Measurements()).ToHashSet(StringComparer.Ordinal);
        var sources = await board.WritingAsync(measurements, CancellationToken.None);
        var panels = new Dictionary<string, IReadOnlyList<PanelSource>>(StringComparer.Ordinal);
        foreach (var panel in dashboard.Panels)
        {
            var own = panel.Measurements().ToHashSet(StringComparer.Ordinal);
            panels[panel.Id] = [.. sources
                .Select(s => (Source: s, Written: s.Measurements.Where(own.Contains).ToList()))
                .Where(s => s.Written.Count > 0)
                .Select(s => new PanelSource(s.Source.Source, s.Source.Name, s.Source.State, s.Source.LastSuccess?.ToUnixTimeMilliseconds(), s.Written))];
        }

        return new DashboardSources(clock.GetUtcNow().ToUnixTimeMilliseconds(), panels);
    });

    private sealed record Entry(DashboardDefinition Dashboard, DateTimeOffset At, Lazy<Task<DashboardSources>> Answer);
}
