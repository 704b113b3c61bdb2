using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Ioc.Server.Features.Languages;

/// <summary>The language switch on the sign-in page and in the admin header posts here.</summary>
internal static class LanguageApi
{
    public static IEndpointRouteBuilder MapLanguageApi(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token (validated because the handler reads the form); anyone may
        // choose, the sign-in page included.
        app.MapPost("/language", Results<RedirectHttpResult, BadRequest> ([FromForm] string? language, [FromForm] string? returnUrl, HttpContext http) =>
        {
            if (!Languages.IsSupported(language))
            {
                return TypedResults.BadRequest();
            }

            http.Response.Cookies.Append(
                Languages.CookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language!)),
                new CookieOptions
                {
                    Path = http.Request.PathBase.HasValue ? http.Request.PathBase.Value : "/",
                    MaxAge = Languages.Remembered,
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                });

            // Back to the page the switch was on, on this site only.
            return TypedResults.Redirect($"{http.Request.PathBase}{LocalUrls.OrRoot(returnUrl)}");
        }).AllowAnonymous();
        return app;
    }
}
