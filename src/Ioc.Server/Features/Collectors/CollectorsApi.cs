using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Collectors;

public sealed record CollectorView(string Id, string Name, string Kind, string Schedule, bool Enabled, string Source, CollectorStatus Status);

/// <param name="DurationMs">How long the run took.</param>
/// <param name="Node">The Ioc process that ran it.</param>
public sealed record CollectorRunView(DateTimeOffset Slot, DateTimeOffset StartedAt, double DurationMs, CollectorRunOutcome Outcome, int Points, string? Error, bool Replay, string Node);

/// <param name="LastSuccess">The newest slot a run collected, on any node.</param>
/// <param name="AgeSeconds">How old that slot is now.</param>
/// <param name="ExpectedFreshnessSeconds">The definition's <c>freshness</c>, or twice its schedule's gap.</param>
public sealed record SourceView(string Id, string Name, string Kind, SourceState State, DateTimeOffset? LastSuccess, double? AgeSeconds, double ExpectedFreshnessSeconds, string? LastError);

/// <summary>The collectors, how their last runs went, the history of their runs, and whether each source is current.</summary>
internal static class CollectorsApi
{
    public const int MaxRunsPerPage = 1000;

    /// <summary>Runs read to judge a source: far more than a failing streak or a replay burst at start.</summary>
    public const int RunsJudged = 200;

    public static IServiceCollection AddCollectorHistory(this IServiceCollection services)
    {
        services.AddOptions<CollectorHistoryOptions>().BindConfiguration(CollectorHistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CollectorRunHistory>();
        services.AddSingleton<ICollectorRunSink>(sp => sp.GetRequiredService<CollectorRunHistory>());
        services.AddHostedService(sp => sp.GetRequiredService<CollectorRunHistory>());
        return services;
    }

    public static IEndpointRouteBuilder MapCollectorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collectors").WithTags("Collectors").RequireAuthorization(Access.IocClaims.Policies.Admin);
        group.MapGet("/", (CollectorCatalog catalog, CollectorStatusBoard status) =>
            TypedResults.Ok(catalog.Definitions.Select(d => new CollectorView(d.Id, d.Name, d.Kind, d.Schedule, d.Enabled, d.Source, status.Get(d.Id)))));
        group.MapGet("/{id}/runs", RunsAsync);
        app.MapGet("/api/v1/sources", SourcesAsync).WithTags("Collectors").RequireAuthorization(Access.IocClaims.Policies.Admin);
        return app;
    }

    /// <summary>Newest first, every node's runs, replays and skips included.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<CollectorRunView>>, NotFound, ValidationProblem>> RunsAsync(
        string id, int? limit, CollectorCatalog catalog, ICollectorRunStore runs, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(id, out _, out _))
        {
            return TypedResults.NotFound();
        }

        if (limit is < 1 or > MaxRunsPerPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {MaxRunsPerPage}"] });
        }

        var listed = await runs.ListRunsAsync(id, limit ?? 100, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CollectorRunView>>([.. listed.Select(r =>
            new CollectorRunView(r.Slot, r.StartedAt, r.Duration.TotalMilliseconds, r.Outcome, r.Points, r.Error, r.Replay, r.Node))]);
    }

    /// <summary>
    /// Each collector as a source, judged from every node's runs in the history; the newest
    /// <see cref="RunsJudged"/> runs are enough to find its last scheduled run and its newest collected slot.
    /// </summary>
    internal static async Task<Ok<IReadOnlyList<SourceView>>> SourcesAsync(CollectorCatalog catalog, ICollectorRunStore runs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sources = new List<SourceView>();
        foreach (var definition in catalog.Definitions)
        {
            var recent = await runs.ListRunsAsync(definition.Id, RunsJudged, cancellationToken);
            var lastScheduled = recent.FirstOrDefault(r => !r.Replay && r.Outcome != CollectorRunOutcome.Skipped);
            var lastSuccess = recent.Where(r => r.Outcome == CollectorRunOutcome.Succeeded).Select(r => (DateTimeOffset?)r.Slot).Max();
            var expected = CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? SourceFreshness.Expected(definition, schedule!, now) : TimeSpan.FromDays(1);
            var state = SourceFreshness.Judge(definition.Enabled, lastScheduled?.Outcome == CollectorRunOutcome.Failed, lastSuccess, expected, now);
            sources.Add(new SourceView(
                definition.Id, definition.Name, definition.Kind, state, lastSuccess, (now - lastSuccess)?.TotalSeconds, expected.TotalSeconds, lastScheduled?.Error));
        }

        return TypedResults.Ok<IReadOnlyList<SourceView>>(sources);
    }
}
