using Ioc.Server.Access;
using Microsoft.AspNetCore.ResponseCompression;

namespace Ioc.Server.Http;

/// <summary>
/// Scripts, styles and JSON answers go out compressed (Brotli, else gzip) at the fastest level: the chart library
/// shrinks from about 500 KB to a quarter and a dashboard's data to a third or less, which a wall screen on a
/// provincial network feels at every cold start. Pages are not compressed, nor anything in the areas that may carry a
/// secret shown once: a secret compressed beside text an attacker chooses can be guessed from the lengths (BREACH).
/// </summary>
internal static class Compression
{
    public static IServiceCollection AddIocCompression(this IServiceCollection services) => services.AddResponseCompression(o =>
    {
        o.EnableForHttps = true;
        o.Providers.Add<BrotliCompressionProvider>();
        o.Providers.Add<GzipCompressionProvider>();
        o.MimeTypes = ["application/json", "application/problem+json", "text/javascript", "application/javascript", "text/css", "image/svg+xml"];
    });

    public static IApplicationBuilder UseIocCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => !NoStoreAnswers.InSecretArea(context.Request.Path), branch => branch.UseResponseCompression());
}
