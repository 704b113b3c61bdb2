using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Admin;

/// <param name="Replace">Sign out the person this browser is signed in as; without it such a browser gets 409.</param>
public sealed record KioskRequest(string? Token, bool Replace = false);

/// <summary>The kiosk was opened in a browser where a person is signed in; the page asks before replacing that session.</summary>
/// <param name="DashboardTitle">What the screen would show: the dashboard's title, or the playlist's.</param>
public sealed record KioskSessionConflict(string SignedInAs, string DashboardId, string DashboardTitle, string? PlaylistId = null);

/// <param name="Path">The page the screen opens: <c>/d/{id}</c>, or <c>/p/{id}</c> for a token that names a playlist.</param>
public sealed record KioskSession(string DashboardId, string Path, DateTimeOffset ExpiresAt, string? PlaylistId = null);

/// <summary>Sign-out, the kiosk's token exchange and the OpenID Connect entry; the pages themselves are Blazor components.</summary>
internal static partial class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token (validated because the handler reads the form).
        app.MapPost("/logout", async ([FromForm] string? returnUrl, SessionRegistry sessions, HttpContext http, ILoggerFactory loggers) =>
        {
            // The browser's cookies go first: signing out must work even while the configuration store is down.
            var user = http.User;
            await http.SignOutAsync(IocClaims.SessionScheme);
            await http.SignOutAsync(IocClaims.DisplayScheme);
            try
            {
                // Ended in the store too, so a copy of the cookie stops working and the session's live connections drop.
                await sessions.EndAsync(user, http.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // This process refuses the session already; the others learn of it when the store answers again.
                LogSignOutNotStored(loggers.CreateLogger("Ioc.Access"), user.ActorName(), ex.Message);
            }

            return TypedResults.Redirect($"{http.Request.PathBase}/login");
        }).AllowAnonymous();

        // The token is a 256-bit secret in a JSON body: a cross-site page cannot post JSON without a CORS
        // preflight, which this server never grants.
        app.MapPost("/kiosk/session", KioskSessionAsync).AllowAnonymous().DisableAntiforgery();

        app.MapGet("/login/oidc", Results<ChallengeHttpResult, NotFound> (string? returnUrl, IOptions<AccessOptions> options) =>
            options.Value.Oidc.Enabled
                ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalUrls.OrRoot(returnUrl) }, [IocClaims.OidcScheme])
                : TypedResults.NotFound()).AllowAnonymous();
        return app;
    }

    // The token is a 256-bit secret in a JSON body: a cross-site page cannot post JSON without a CORS preflight,
    // which this server never grants.
    private static async Task<Results<Ok<KioskSession>, Conflict<KioskSessionConflict>, ProblemHttpResult>> KioskSessionAsync(
        KioskRequest request, Credentials credentials, SessionRegistry sessions, DashboardCatalog dashboards, PlaylistCatalog playlists, HttpContext http)
    {
        var token = await credentials.ValidateDisplayTokenAsync(request.Token, http.RequestAborted);
        if (token is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Display token refused", detail: "the display token is not valid, has expired or was revoked");
        }

        // A wall screen is a display and nothing else, so a person's session in this browser ends here; a kiosk
        // link opened by mistake on a person's own browser must not sign them out without asking.
        if (http.User.IsPerson() && http.User.Identity?.Name is { } person)
        {
            if (!request.Replace)
            {
                var title = token.PlaylistId is { } p ? playlists.Find(p)?.Title ?? p : dashboards.Find(token.DashboardId)?.Title ?? token.DashboardId;
                return TypedResults.Conflict(new KioskSessionConflict(person, token.DashboardId, title, token.PlaylistId));
            }

            await sessions.EndAsync(http.User, http.RequestAborted);
        }

        await http.SignOutAsync(IocClaims.SessionScheme);
        await http.SignInAsync(IocClaims.DisplayScheme, AccessSetup.DisplayPrincipal(token), new AuthenticationProperties { IsPersistent = true, ExpiresUtc = token.ExpiresAt });
        var path = token.PlaylistId is { } playlist ? $"/p/{Uri.EscapeDataString(playlist)}" : $"/d/{token.DashboardId}";
        return TypedResults.Ok(new KioskSession(token.DashboardId, $"{http.Request.PathBase}{path}", token.ExpiresAt, token.PlaylistId));
    }

    [LoggerMessage(LogLevel.Warning, "{Actor} signed out, but the configuration store did not record it ({Reason}); other Ioc processes accept a copy of that cookie until it does")]
    private static partial void LogSignOutNotStored(ILogger logger, string actor, string reason);
}
