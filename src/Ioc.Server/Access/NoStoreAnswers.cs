namespace Ioc.Server.Access;

/// <summary>
/// Answers that may carry a secret shown once (a new API key, display token or one-time password, the kiosk's
/// exchange) must stay out of every cache, the browser's back-forward and disk caches included. Marking whole
/// areas rather than single answers means a new page or endpoint there cannot forget it.
/// </summary>
internal static class NoStoreAnswers
{
    private static readonly PathString[] Areas = ["/api/v1/admin", "/admin", "/account", "/kiosk", "/login"];

    /// <summary>Whether an answer to this path may carry a secret shown once.</summary>
    public static bool InSecretArea(PathString path) => Areas.Any(area => path.StartsWithSegments(area, StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseNoStoreForSecrets(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (InSecretArea(context.Request.Path))
        {
            // The same words antiforgery writes on its forms' pages, so it has nothing to override (and no warning to log).
            context.Response.Headers.CacheControl = "no-cache, no-store";
            context.Response.Headers.Pragma = "no-cache";
        }

        return next(context);
    });
}
