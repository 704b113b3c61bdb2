using Ioc.Core.Configuration;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Access;
using Ioc.Server.Features.Observability;
using Ioc.Server.Features.Sources;
using Ioc.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Ingest;

/// <summary>
/// InfluxDB-compatible write endpoint, so Telegraf and any tool speaking line protocol can push to Ioc.
/// A body is accepted whole or not at all.
/// </summary>
internal static partial class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        // API keys only: a write is a machine's job, and a browser session must not be able to write by accident.
        var group = app.MapGroup("/api").WithTags("Ingest").RequireAuthorization(Access.IocClaims.Policies.Writer);
        group.MapPost("/v1/write", WriteAsync).DisableAntiforgery().AcceptQueryCredentials().WithMetadata(InfluxCompatibility.Write);
        group.MapPost("/v2/write", WriteAsync).DisableAntiforgery();

        // InfluxDB 1.x's own paths, so a client pointed at the server's root works unchanged (see docs/influxdb-clients.md).
        var root = app.MapGroup("").WithTags("Ingest").RequireAuthorization(Access.IocClaims.Policies.Writer);
        root.MapPost("/write", WriteAsync).DisableAntiforgery().AcceptQueryCredentials().WithMetadata(InfluxCompatibility.Write);
        root.MapMethods("/query", [HttpMethods.Get, HttpMethods.Post], InfluxCompatibility.QueryAsync).DisableAntiforgery().AcceptQueryCredentials();
        app.MapMethods("/ping", [HttpMethods.Get, HttpMethods.Head], InfluxCompatibility.Ping).WithTags("Ingest").AllowAnonymous();
        app.MapGet("/health", InfluxCompatibility.Health).WithTags("Ingest").AllowAnonymous();
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> WriteAsync(
        HttpRequest request,
        string? precision,
        MetricPipeline pipeline,
        SeriesLimits limits,
        TimeProvider clock,
        IOptions<IngestOptions> options,
        SourceSeriesRecorder sources,
        IocMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        // db, rp (1.x) and org, bucket (2.x) name where InfluxDB would store the points; Ioc has one store, so any will do.
        var v1 = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<InfluxCompatibility.WriteMetadata>() is not null;
        if (!(v1 ? PrecisionExtensions.TryParseV1(precision, out var unit) : PrecisionExtensions.TryParse(precision, out unit)))
        {
            return Problem(400, "Invalid precision", $"precision '{precision}' is not one of ns, us, ms, s{(v1 ? ", m, h" : "")}");
        }

        var limit = options.Value.MaxBodyBytes;
        var body = await BodyReader.ReadAsync(request, limit, cancellationToken);
        if (body.Error is { } error)
        {
            return Problem(error.Status, error.Title, error.Detail);
        }

        var batch = LineProtocolParser.Parse(body.Utf8, unit, UnixTime.ToNanoseconds(clock.GetUtcNow()), pipeline.Validator);
        if (!batch.IsValid)
        {
            var first = batch.Errors[0];
            var logger = loggers.CreateLogger("Ioc.Ingest");
            LogRejected(logger, batch.ErrorCount, first.Line, first.Reason);
            metrics.RejectedLines.Inc(batch.ErrorCount);
            var problem = TypedResults.Problem(
                statusCode: 400,
                title: "Invalid line protocol",
                detail: $"{batch.ErrorCount} invalid line(s); nothing of this batch was stored. First: {first}",
                extensions: new Dictionary<string, object?>
                {
                    ["error"] = $"{first}",
                    ["errorCount"] = batch.ErrorCount,
                    ["lines"] = batch.Errors.Select(e => new { line = e.Line, reason = e.Reason }).ToArray(),
                });
            return problem;
        }

        if (OutOfScope(request.HttpContext.User, batch.Points, body.Utf8) is { } refused)
        {
            LogOutOfScope(loggers.CreateLogger("Ioc.Ingest"), request.HttpContext.User.ActorName(), refused);
            return Problem(403, "Measurement not allowed", $"{refused}; this API key may write only measurements starting with {Scope(request.HttpContext.User)}; nothing of this batch was stored");
        }

        var keyId = request.HttpContext.User.FindFirst(IocClaims.ApiKeyId)?.Value ?? request.HttpContext.User.ActorName();
        if (await limits.AdmitAsync(keyId, batch.Points, cancellationToken) is { } tooMany)
        {
            LogTooManySeries(loggers.CreateLogger("Ioc.Ingest"), request.HttpContext.User.ActorName(), tooMany);
            return Problem(400, "Too many series", tooMany);
        }

        try
        {
            await pipeline.WriteValidatedAsync(batch.Points, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            // Nothing of the batch was accepted: 503 with Retry-After makes Telegraf and friends send it again.
            LogUnavailable(loggers.CreateLogger("Ioc.Ingest"), batch.Points.Count, UnavailableProblem.CorrelationId(request.HttpContext), ex.Message);
            return UnavailableProblem.Create(
                request.HttpContext,
                "Store unavailable",
                "The metric store cannot accept writes now; nothing of this batch was stored.",
                "Send the same batch again.",
                ex.RetryAfter);
        }

        metrics.Ingested(IocMetrics.WriteSource, batch.Points.Count);
        if (request.HttpContext.User.FindFirst(IocClaims.ApiKeyId)?.Value is { } apiKeyId)
        {
            sources.Seen(SourceNames.Key(apiKeyId), MeasurementsOf(batch.Points));
        }

        return TypedResults.NoContent();
    }

    /// <summary>The first point the key may not write, as "line N: measurement 'x'", or null.</summary>
    private static string? OutOfScope(System.Security.Claims.ClaimsPrincipal user, IReadOnlyList<MetricPoint> points, ReadOnlyMemory<byte> utf8)
    {
        var prefixes = user.FindAll(Access.IocClaims.MeasurementPrefix).Select(c => c.Value).ToList();
        string? allowed = null;
        for (var i = 0; i < points.Count; i++)
        {
            // A batch names a few measurements thousands of times, as one string each: check each once.
            var measurement = points[i].Measurement;
            if (ReferenceEquals(measurement, allowed))
            {
                continue;
            }

            if (InScope(prefixes, measurement))
            {
                allowed = measurement;
            }
            else
            {
                return $"line {LineOf(System.Text.Encoding.UTF8.GetString(utf8.Span), i)}: measurement '{points[i].Measurement}' is outside the key's scope";
            }
        }

        return null;

        static bool InScope(List<string> prefixes, string measurement)
        {
            foreach (var prefix in prefixes)
            {
                if (measurement.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Each measurement once; a batch repeats one measurement string thousands of times in a row.</summary>
    private static HashSet<string> MeasurementsOf(IReadOnlyList<MetricPoint> points)
    {
        var measurements = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var point in points)
        {
            if (!ReferenceEquals(point.Measurement, last))
            {
                last = point.Measurement;
                measurements.Add(last);
            }
        }

        return measurements;
    }

    private static string Scope(System.Security.Claims.ClaimsPrincipal user) =>
        string.Join(", ", user.FindAll(Access.IocClaims.MeasurementPrefix).Select(c => $"'{c.Value}'"));

    /// <summary>The 1-based line of the n-th point: the parser skips blank and comment lines.</summary>
    private static int LineOf(string text, int pointIndex)
    {
        var line = 0;
        var seen = -1;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            line++;
            var trimmed = raw.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#' && ++seen == pointIndex)
            {
                return line;
            }
        }

        return line;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["error"] = detail });

    [LoggerMessage(LogLevel.Warning, "Refused a write from {Actor} for its series count: {Reason}")]
    private static partial void LogTooManySeries(ILogger logger, string actor, string reason);

    [LoggerMessage(LogLevel.Warning, "Refused a write from {Actor}: {Reason}")]
    private static partial void LogOutOfScope(ILogger logger, string actor, string reason);

    [LoggerMessage(LogLevel.Warning, "Refused a write of {Count} points (correlation {CorrelationId}): the store is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, int count, string correlationId, string reason);

    [LoggerMessage(LogLevel.Warning, "Rejected a write of {ErrorCount} invalid line(s); first at line {Line}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int errorCount, int line, string reason);
}
