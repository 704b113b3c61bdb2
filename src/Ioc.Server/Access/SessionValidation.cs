using System.Security.Claims;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ioc.Server.Access;

/// <summary>
/// Re-checks cookies against the store: a session ends when its account is deleted or its password or role
/// changes (the security stamp), a display cookie when its token is revoked or expires. People's requests are
/// few (pages, first paint, resync), so a session is checked on every request; display tokens are cached for
/// <see cref="AccessOptions.RevocationCheckInterval"/>. APIs and the hub answer 401/403 instead of redirecting.
/// </summary>
internal static class SessionValidation
{
    public static CookieAuthenticationEvents Sessions() => new()
    {
        OnValidatePrincipal = async context =>
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<IAccessStore>();
            var name = context.Principal!.Identity?.Name ?? "";
            UserAccount? user;
            try
            {
                user = await store.FindUserAsync(name, context.HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The configuration store is down: the session was valid when last checked, and dashboards
                // (whose data lives elsewhere) stay readable; changes to the account apply once it answers.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Access")
                    .LogWarning(ex, "Could not re-check the session of {User}: the configuration store does not answer", name);
                return;
            }

            var stamp = context.Principal.FindFirstValue(IocClaims.SecurityStamp);
            if (user is null || (stamp is not null && stamp != user.SecurityStamp) || user.Role != context.Principal.Role())
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IocClaims.SessionScheme);
            }
        },
        OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
        OnRedirectToAccessDenied = Denied,
    };

    public static CookieAuthenticationEvents Displays() => new()
    {
        OnValidatePrincipal = async context =>
        {
            var id = context.Principal!.FindFirstValue(IocClaims.DisplayTokenId) ?? "";
            var credentials = context.HttpContext.RequestServices.GetRequiredService<Credentials>();
            if (await credentials.ActiveDisplayTokenAsync(id, context.HttpContext.RequestAborted) is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IocClaims.DisplayScheme);
            }
        },
        OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
        OnRedirectToAccessDenied = Denied,
    };

    /// <summary>Pages redirect; machine endpoints answer with the status.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Both cookie schemes answer a refusal (a policy may name both), so both must agree: a one-time password opens
    /// nothing but the page that replaces it.
    /// </summary>
    private static Task Denied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (!IsMachinePath(context.Request.Path) && context.HttpContext.User.HasClaim(c => c.Type == IocClaims.MustChangePassword))
        {
            context.Response.Redirect($"{context.Request.PathBase}/account/password");
            return Task.CompletedTask;
        }

        return RedirectOrStatus(context, StatusCodes.Status403Forbidden);
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
