using System.Security.Claims;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ioc.Server.Access;

/// <summary>
/// Re-checks cookies against the store: a session ends when its account is deleted or its password or role
/// changes (the security stamp), when it is signed out or its absolute lifetime runs out, a display cookie when its
/// token is revoked or expires. People's requests are few (pages, first paint, resync), so the account is read on
/// every request; sessions and display tokens are cached for <see cref="AccessOptions.RevocationCheckInterval"/>.
/// APIs and the hub answer 401/403 instead of redirecting.
/// </summary>
internal static class SessionValidation
{
    public static CookieAuthenticationEvents Sessions() => new()
    {
        OnSigningIn = async context =>
        {
            // Each sign-in is a session of its own; one this browser held before (a password change signs in
            // again) ends with it.
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>();
            await sessions.EndAsync(context.HttpContext.User, context.HttpContext.RequestAborted);
            var identity = (ClaimsIdentity)context.Principal!.Identity!;
            identity.AddClaims(await sessions.StartAsync(identity.Name ?? "", context.HttpContext.RequestAborted));
        },
        OnValidatePrincipal = ValidateSessionAsync,
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

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<SessionRegistry>();
        var principal = context.Principal!;
        if (!sessions.WithinLifetime(principal))
        {
            await RejectAsync(context);
            return;
        }

        var name = principal.Identity?.Name ?? "";
        UserAccount? user;
        bool open;
        try
        {
            // The session first: one known to be signed out stays out, also while the store does not answer.
            open = await sessions.IsOpenAsync(principal.FindFirstValue(IocClaims.SessionId)!, context.HttpContext.RequestAborted);
            user = open ? await services.GetRequiredService<IAccessStore>().FindUserAsync(name, context.HttpContext.RequestAborted) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The configuration store is down: the session was valid when last checked, and dashboards
            // (whose data lives elsewhere) stay readable; changes to the account apply once it answers.
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Access")
                .LogWarning(ex, "Could not re-check the session of {User}: the configuration store does not answer", name);
            return;
        }

        var stamp = principal.FindFirstValue(IocClaims.SecurityStamp);
        if (!open || user is null || (stamp is not null && stamp != user.SecurityStamp) || user.Role != principal.Role())
        {
            await RejectAsync(context);
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IocClaims.SessionScheme);
    }

    /// <summary>Pages redirect; machine endpoints answer with the status.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

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
