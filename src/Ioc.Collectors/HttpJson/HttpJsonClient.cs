using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.HttpJson;

/// <summary>The named <see cref="HttpClient"/> the <c>http-json</c> kind asks the factory for.</summary>
internal static class HttpJsonClient
{
    public static void Add(IServiceCollection services) =>
        services.AddHttpClient(HttpJsonCollectorKind.KindName)
            .ConfigurePrimaryHttpMessageHandler((handler, _) =>
            {
                // Redirects are followed by JsonSourceReader, which keeps them on the source's own origin. Answers
                // are decompressed here so that the size cap counts what is parsed, not what travelled.
                switch (handler)
                {
                    case SocketsHttpHandler sockets:
                        sockets.AllowAutoRedirect = false;
                        sockets.AutomaticDecompression = DecompressionMethods.All;
                        break;
                    case HttpClientHandler client:
                        client.AllowAutoRedirect = false;
                        client.AutomaticDecompression = DecompressionMethods.All;
                        break;
                }
            })
            // The factory's handlers log every request URI, query included, at Information: source URLs carry keys.
            .RemoveAllLoggers();
}
