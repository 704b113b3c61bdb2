using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Http;

/// <summary>
/// Every 503 Ioc answers: what the client can do, when to retry, and a correlation id that finds the cause in the
/// log. The cause itself (a store's URL, its error text) goes to the log only.
/// </summary>
internal static class UnavailableProblem
{
    public const string CorrelationIdKey = "correlationId";

    /// <summary>The id the log carries for this request (the W3C trace id when tracing is on).</summary>
    public static string CorrelationId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>Whole seconds between 1 and 300, the range clients and proxies handle well.</summary>
    public static int RetrySeconds(TimeSpan? retryAfter) =>
        (int)Math.Ceiling(Math.Clamp((retryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds, 1, 300));

    /// <param name="whatHappened">One sentence for the client, without internals.</param>
    /// <param name="whatToDo">What the client should do, without the retry time (added here).</param>
    public static ProblemHttpResult Create(HttpContext http, string title, string whatHappened, string whatToDo, TimeSpan? retryAfter)
    {
        var retry = RetrySeconds(retryAfter);
        http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        var id = CorrelationId(http);
        var detail = $"{whatHappened} {whatToDo} Retry after {retry} s. If this persists, give the administrator the reference {id}.";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["error"] = detail, [CorrelationIdKey] = id, ["retryAfterSeconds"] = retry });
    }
}
