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

            // The subject is the provider's stable, unique id for a person; user names and e-mail addresses are
            // neither (they are reassigned and can collide), so they only label the account in the audit log.
            var subject = principal.FindFirstValue("sub") ?? "";
            var label = principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue("email") ?? subject;
            var granted = principal.FindAll(options.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var role = Roles.All.FirstOrDefault(granted.Contains); // the highest: All lists admin, leader, operator
            if (subject.Length == 0 || role is null)
            {
                context.Fail($"the identity provider gave no subject or no Ioc role in claim '{options.RoleClaim}'");
                return;
            }

            var name = "oidc:" + subject;

            var services = context.HttpContext.RequestServices;
            var store = services.GetRequiredService<IAccessStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var user = await store.FindUserAsync(name);
            if (user is null)
            {
                user = new UserAccount(name, role, null, false, AccountService.NewStamp(), now, now);
                await store.CreateUserAsync(user);
                await services.GetRequiredService<AuditLog>().RecordAsync("system", "user.created", user.Name, $"first OpenID Connect sign-in of '{label}' as {role}");
            }
            else if (user.Role != role)
            {
                if (await store.SetRoleAsync(name, role, AccountService.NewStamp(), now) == UserChange.LastAdmin)
                {
                    context.Fail("the identity provider no longer grants admin to the last admin; another admin must be named first");
                    return;
                }

                await services.GetRequiredService<AuditLog>().RecordAsync("system", "user.role-changed", user.Name, $"identity provider says {role} for '{label}'");
                user = await store.FindUserAsync(name) ?? user;
            }

            context.Principal = AccessSetup.SessionPrincipal(user, "oidc");
        },
    };
}
