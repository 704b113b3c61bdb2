using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ioc.Server.Hosting;

/// <summary>
/// Behind a reverse proxy (TLS termination), the client's address and scheme come from X-Forwarded-For and
/// X-Forwarded-Proto, but only from the proxies named in <c>Ioc:Proxy:KnownProxies</c>: anyone else could claim
/// any address and so dodge the sign-in limit. Without it, sign-in limits would count the proxy as one client and
/// cookies would not be marked Secure.
/// </summary>
internal static partial class ProxySetup
{
    public const string Section = "Ioc:Proxy:KnownProxies";

    public static IServiceCollection AddIocProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(Section).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{Section}: '{proxy}' is neither an IP address nor a network such as 10.0.0.0/8");
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Forwarded headers only with proxies named: with none listed, the middleware would believe any sender. In
    /// production, HSTS on every HTTPS answer, and a loud warning at start when browsers would reach Ioc over plain
    /// HTTP with nobody in front to add TLS: Secure cookies never come back over HTTP, so sign-in would fail (except on
    /// localhost), and anything that did work would travel in clear.
    /// </summary>
    public static WebApplication UseIocProxy(this WebApplication app, bool production)
    {
        var proxies = app.Configuration.GetSection(Section).Get<string[]>() ?? [];
        if (proxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        if (production)
        {
            app.UseHsts();
            app.Use(async (context, next) =>
            {
                if (!context.Request.IsHttps && IsPage(context.Request.Path))
                {
                    // Secure cookies cannot be set over HTTP: say so, rather than fail inside antiforgery with a 500.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsync(
                        "Ioc runs in production mode and serves people only over HTTPS. Open this address with https://, or, behind a "
                        + "TLS-terminating proxy, have the proxy send X-Forwarded-Proto and list its address in Ioc:Proxy:KnownProxies.");
                    return;
                }

                await next(context);
            });
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var plain = app.Urls.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
                if (proxies.Length == 0 && plain.Count > 0)
                {
                    LogPlainHttp(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Proxy"), string.Join(", ", plain));
                }
            });
        }

        return app;
    }

    /// <summary>What a browser opens; machines (API keys, health probes inside a container) may use plain HTTP.</summary>
    // The simulator answers machines (collectors), as the systems it stands in for do, so it is no page either.
    private static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/sim") && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments("/readyz")
        && !path.StartsWithSegments("/js") && !path.StartsWithSegments("/css") && !path.StartsWithSegments("/lib") && !path.StartsWithSegments("/favicon.svg");

    [LoggerMessage(LogLevel.Critical, "PRODUCTION OVER PLAIN HTTP: Ioc listens on {Urls} and no trusted reverse proxy is named in Ioc:Proxy:KnownProxies. "
        + "Cookies are Secure in production, so browsers will not send them back over HTTP and sign-in fails except on localhost. "
        + "Put Ioc behind a TLS-terminating proxy and list its address in Ioc:Proxy:KnownProxies, or serve HTTPS directly")]
    private static partial void LogPlainHttp(ILogger logger, string urls);
}
