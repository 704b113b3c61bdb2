using Ioc.Core.Storage;
using Ioc.Server.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Ioc.Server.Hosting;

/// <summary>
/// A request that finds a store down answers 503 with Retry-After, not 500: wall screens and tools retry on 503.
/// The answer says what to do and carries a correlation id; the cause (URLs, the store's own error text) is logged
/// under that id and never sent to the client.
/// </summary>
internal sealed partial class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Path, UnavailableProblem.CorrelationId(httpContext), unavailable.Message);
        await UnavailableProblem.Create(
            httpContext,
            "Store unavailable",
            "A store Ioc reads from is not answering, so this request could not be served.",
            "Nothing was changed; send the same request again.",
            unavailable.RetryAfter).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "Answered {Path} with 503 (correlation {CorrelationId}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string path, string correlationId, string reason);
}
