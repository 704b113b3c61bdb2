using System.Security.Claims;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Ioc.Server.Access;

/// <summary>
/// Turns a province identity provider's sign-in into an Ioc session: the role comes from the configured claim,
/// and the person is recorded as a user without a password so sessions, audit and revocation work alike.
/// </summary>
internal static class OidcSignIn
{
    public static OpenIdConnectEvents Events(OidcOptions options) => new()
    {
        OnTokenValidated = async context =>
        {
            var principal = context.Principal!;
            var name = AccountService.Normalize(principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue("email") ?? principal.FindFirstValue("sub"));
            var role = principal.FindAll(options.RoleClaim).Select(c => c.Value).FirstOrDefault(Roles.IsKnown);
            if (name.Length == 0 || role is null)
            {
                context.Fail($"the identity provider gave no user name or no Ioc role in claim '{options.RoleClaim}'");
                return;
            }

            var services = context.HttpContext.RequestServices;
            var store = services.GetRequiredService<IAccessStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var user = await store.FindUserAsync("oidc:" + name);
            if (user is null)
            {
                user = new UserAccount("oidc:" + name, role, null, false, 0, null, AccountService.NewStamp(), now, now);
                await store.CreateUserAsync(user);
                await services.GetRequiredService<AuditLog>().RecordAsync("system", "user.created", user.Name, $"first OpenID Connect sign-in as {role}");
            }
            else if (user.Role != role)
            {
                user = user with { Role = role, SecurityStamp = AccountService.NewStamp(), UpdatedAt = now };
                await store.UpdateUserAsync(user);
                await services.GetRequiredService<AuditLog>().RecordAsync("system", "user.role-changed", user.Name, $"identity provider says {role}");
            }

            context.Principal = AccessSetup.SessionPrincipal(user, "oidc");
        },
    };
}
