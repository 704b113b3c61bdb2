using System.Globalization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Localization;

namespace Ioc.Server.Features.Languages;

/// <summary>
/// The languages of the sign-in and admin pages: Vietnamese first, English on request. A browser's Accept-Language
/// is not consulted: the centre works in Vietnamese, so English only when the person chose it (the culture cookie).
/// </summary>
internal static class Languages
{
    public const string Vietnamese = "vi";

    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Vietnamese, English];

    /// <summary>The language chosen stays for a year, across sign-out and sign-in, in this browser.</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromDays(365);

    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    public static bool IsSupported(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);

    public static IServiceCollection AddIocLanguages(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = All.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(Vietnamese);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

    /// <summary>
    /// Pages only (after routing, so the endpoint is known): APIs, the hub and wall screens keep the invariant
    /// culture, so figures and problem texts read the same for every machine, and a wall's language stays its
    /// dashboard's <c>locale</c> whatever the browser chose for the admin pages.
    /// </summary>
    public static IApplicationBuilder UseIocLanguages(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null,
            pages => pages.UseRequestLocalization());
}
