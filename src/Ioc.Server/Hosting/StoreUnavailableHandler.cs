using Ioc.Core.Storage;
using Ioc.Server.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Ioc.Server.Hosting;

/// <summary>
/// A request that finds a store down answers 503 with Retry-After, not 500: wall screens and tools retry on 503.
/// That is a <see cref="StoreUnavailableException"/>, or any failure while the configuration store does not answer
/// (a page reading it gets the database's own error). The answer says what to do and carries a correlation id; the
/// cause (URLs, the store's own error text) is logged under that id and never sent to the client.
/// </summary>
internal sealed partial class StoreUnavailableHandler(ConfigurationStoreProbe configurationStore, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (exception is StoreUnavailableException unavailable)
        {
            LogUnavailable(logger, httpContext.Request.Path, UnavailableProblem.CorrelationId(httpContext), unavailable.Message);
            await UnavailableProblem.Create(
                httpContext,
                "Store unavailable",
                "A store Ioc reads from is not answering, so this request could not be served.",
                "Nothing was changed; send the same request again.",
                unavailable.RetryAfter).ExecuteAsync(httpContext);
            return true;
        }

        if (exception is OperationCanceledException || await configurationStore.AnswersAsync(cancellationToken, distrustAnswer: true))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Path, UnavailableProblem.CorrelationId(httpContext), $"the configuration store does not answer ({exception.GetType().Name}: {exception.Message})");
        await StoreOutagePage.WriteAsync(httpContext);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "Answered {Path} with 503 (correlation {CorrelationId}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string path, string correlationId, string reason);
}

/// <summary>
/// Administration and sign-in need the configuration store for everything they show; while it does not answer they
/// say so at once (503, <see cref="StoreOutagePage"/>) instead of a sign-in form that cannot work or an error.
/// Sign-out and wall screens are not stopped here: both work on what was last read.
/// </summary>
internal static class StoreOutageGate
{
    public static IApplicationBuilder UseStoreOutageGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if ((path.StartsWithSegments("/admin") || path.StartsWithSegments("/login") || path.StartsWithSegments("/account"))
            && !await context.RequestServices.GetRequiredService<ConfigurationStoreProbe>().AnswersAsync(context.RequestAborted))
        {
            await StoreOutagePage.WriteAsync(context);
            return;
        }

        await next(context);
    });
}
