namespace Ioc.Server.Access;

/// <summary>
/// Refuses state-changing requests that a browser sent on behalf of another site. Cookies are SameSite, forms carry
/// antiforgery tokens, and this covers what is left: the JSON admin API and requests from sibling sub-domains
/// ("same-site" to a cookie, not the same origin). Machines sending an API key carry no cookies and pass.
/// The live hub is checked for every method: a WebSocket upgrade is a GET that carries the session cookie, and
/// another site's page must not read the wall through it (cross-site WebSocket hijacking).
/// </summary>
internal static class SameOriginWrites
{
    private static readonly PathString HubPaths = "/hubs";

    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var write = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if ((write || request.Path.StartsWithSegments(HubPaths)) && !IsSameOrigin(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("cross-origin request refused");
            return;
        }

        await next(context);
    });

    internal static bool IsSameOrigin(HttpRequest request)
    {
        // Sec-Fetch-Site is set by every current browser and cannot be forged by a page.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
