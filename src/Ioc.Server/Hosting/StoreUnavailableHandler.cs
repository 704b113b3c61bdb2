using Ioc.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Ioc.Server.Hosting;

/// <summary>
/// A read that finds the metric store down answers 503 with Retry-After, not 500: wall screens and tools
/// retry on 503, and the cause is named in the answer.
/// </summary>
internal sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable)
        {
            return false;
        }

        var retry = (int)Math.Ceiling(Math.Clamp((unavailable.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds, 1, 300));
        LogUnavailable(logger, httpContext.Request.Path, unavailable.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = $"the metric store is unavailable ({unavailable.Message}); retry after {retry} s";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Store unavailable",
                Detail = detail,
                Extensions = { ["error"] = detail },
            },
        });
    }

    [LoggerMessage(LogLevel.Warning, "Answered {Path} with 503: the store is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}
