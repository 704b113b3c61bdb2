using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ioc.Server.Hosting;

/// <summary>
/// Behind a reverse proxy (TLS termination), the client's address and scheme come from X-Forwarded-For and
/// X-Forwarded-Proto, but only from the proxies named in <c>Ioc:Proxy:KnownProxies</c>: anyone else could claim
/// any address and so dodge the sign-in limit. Without it, sign-in limits would count the proxy as one client and
/// cookies would not be marked Secure.
/// </summary>
internal static class ProxySetup
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

    /// <summary>Only with proxies named: with none listed, the middleware would believe any sender.</summary>
    public static WebApplication UseIocProxy(this WebApplication app)
    {
        if ((app.Configuration.GetSection(Section).Get<string[]>() ?? []).Length > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
