using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Query;

public sealed record SeriesQuery(string Measurement, Dictionary<string, string>? Tags, string Field, Aggregation Aggregation = Aggregation.Mean);

public sealed record RangeRequest(IReadOnlyList<SeriesQuery> Queries, double From, double To, int MaxPoints = 240);

public sealed record LastRequest(IReadOnlyList<SeriesQuery> Queries);

public sealed record RangeSeries(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, double BucketMs, IReadOnlyList<double[]> Points);

public sealed record LastSeries(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, double Time, double Value);

public sealed record QueryResult<T>(IReadOnlyList<T> Series);

public sealed record QueryResponse<T>(IReadOnlyList<QueryResult<T>> Results);

/// <summary>History and last values for first paint and resync (docs/live-hub.md).</summary>
internal static class QueryApi
{
    public const int MaxQueries = 100;
    public const int MaxPointsLimit = 5000;

    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        // Arbitrary series: for admins and leaders. Operators and wall screens read through their dashboards.
        var group = app.MapGroup("/api/v1/query").WithTags("Query").RequireAuthorization(Access.IocClaims.Policies.Reader);
        group.MapPost("/range", RangeAsync).WithReadBudget();
        group.MapPost("/last", LastAsync).WithReadBudget();
        return app;
    }

    internal static async Task<Results<Ok<QueryResponse<RangeSeries>>, ValidationProblem>> RangeAsync(RangeRequest request, IMetricStore store, TimeRangeRules rules, CancellationToken cancellationToken)
    {
        var errors = Check(request.Queries);
        if (request.MaxPoints is < 1 or > MaxPointsLimit)
        {
            errors["maxPoints"] = [$"must be between 1 and {MaxPointsLimit}"];
        }

        var range = rules.Check(request.From, request.To, errors);
        if (errors.Count > 0 || range is not { } valid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (from, to) = valid;
        var results = new List<QueryResult<RangeSeries>>(request.Queries.Count);
        foreach (var q in request.Queries)
        {
            var ranges = await store.QueryRangeAsync(new RangeQuery(Selector(q), from, to, request.MaxPoints, q.Aggregation), cancellationToken);
            results.Add(new QueryResult<RangeSeries>([.. ranges.Select(ToRange)]));
        }

        return TypedResults.Ok(new QueryResponse<RangeSeries>(results));
    }

    internal static async Task<Results<Ok<QueryResponse<LastSeries>>, ValidationProblem>> LastAsync(LastRequest request, IMetricStore store, CancellationToken cancellationToken)
    {
        var errors = Check(request.Queries);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var results = new List<QueryResult<LastSeries>>(request.Queries.Count);
        foreach (var q in request.Queries)
        {
            var last = await store.QueryLastAsync(Selector(q), cancellationToken);
            results.Add(new QueryResult<LastSeries>([.. last.Select(ToLast)]));
        }

        return TypedResults.Ok(new QueryResponse<LastSeries>(results));
    }

    public static RangeSeries ToRange(SeriesRange r) => new(
        r.Series.Text, r.Series.Measurement, Tags(r.Series), r.Field, UnixTime.ToMilliseconds(r.BucketWidth),
        [.. r.Values.Select(v => new[] { UnixTime.ToMilliseconds(v.Timestamp), v.Value })]);

    public static LastSeries ToLast(LastValue v) => new(
        v.Series.Text, v.Series.Measurement, Tags(v.Series), v.Field, UnixTime.ToMilliseconds(v.Timestamp), v.Value);

    public static Dictionary<string, string> Tags(SeriesKey key) =>
        key.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static SeriesSelector Selector(SeriesQuery q) => new(q.Measurement, q.Tags ?? [], q.Field);

    private static Dictionary<string, string[]> Check(IReadOnlyList<SeriesQuery>? queries)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (queries is null || queries.Count == 0)
        {
            errors["queries"] = ["at least one query is required"];
            return errors;
        }

        if (queries.Count > MaxQueries)
        {
            errors["queries"] = [$"at most {MaxQueries} queries per request"];
        }

        for (var i = 0; i < Math.Min(queries.Count, MaxQueries); i++)
        {
            if (queries[i] is not { } q)
            {
                errors[$"queries[{i}]"] = ["required"];
            }
            else if (MetricValidator.CheckSelector(q.Measurement, q.Tags, q.Field) is (var part, var reason))
            {
                errors[$"queries[{i}].{part}"] = [reason];
            }
            else if (!Enum.IsDefined(q.Aggregation))
            {
                errors[$"queries[{i}].aggregation"] = ["must be one of mean, min, max, last, sum"];
            }
        }

        return errors;
    }
}
