using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Collectors;

public sealed record CollectorView(string Id, string Name, string Kind, string Schedule, bool Enabled, string Source, CollectorStatus Status);

/// <param name="DurationMs">How long the run took.</param>
/// <param name="Node">The Ioc process that ran it.</param>
public sealed record CollectorRunView(DateTimeOffset Slot, DateTimeOffset StartedAt, double DurationMs, CollectorRunOutcome Outcome, int Points, string? Error, bool Replay, string Node);

/// <summary>The collectors, how their last runs went, and the history of their runs.</summary>
internal static class CollectorsApi
{
    public const int MaxRunsPerPage = 1000;

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
}
