using System.Security.Claims;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// Who may see and change what. Every endpoint carries its policy (see docs/access.md); an endpoint that names
/// none needs a signed-in person (the fallback policy), so a forgotten endpoint is closed, not open.
/// </summary>
internal static class AccessSetup
{
    public const string SessionCookie = "ioc.session";
    public const string DisplayCookie = "ioc.display";

    /// <param name="production">
    /// Production cookies are always Secure (session, display and antiforgery alike): behind a TLS proxy a cookie
    /// must never travel in clear, even when the proxy's scheme header is missing.
    /// </param>
    public static IServiceCollection AddIocAccess(this IServiceCollection services, IConfiguration configuration, bool production)
    {
        var secure = production ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.Oidc.Enabled || (Uri.TryCreate(o.Oidc.Authority, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(o.Oidc.ClientId)),
                "Ioc:Access:Oidc: Authority must be an absolute URL and ClientId is required when OpenID Connect is on")
            .Validate(o => string.IsNullOrEmpty(o.AdminPassword) || o.AdminPassword.Length >= o.MinimumPasswordLength,
                "Ioc:Access:AdminPassword is shorter than Ioc:Access:MinimumPasswordLength")
            .Validate(o => o.LockoutFirstDelay <= o.LockoutDuration && o.LockoutDuration <= o.LockoutForgetAfter,
                "Ioc:Access: LockoutFirstDelay must not exceed LockoutDuration, nor LockoutDuration LockoutForgetAfter")
            .Validate(o => o.SessionAbsoluteLifetime >= o.SessionLifetime,
                "Ioc:Access:SessionAbsoluteLifetime is shorter than Ioc:Access:SessionLifetime")
            .ValidateOnStart();

        // Ioc:Admin:Password is the short spelling the first-admin setting is also known by.
        services.PostConfigure<AccessOptions>(o => o.AdminPassword = string.IsNullOrEmpty(o.AdminPassword) ? configuration["Ioc:Admin:Password"] : o.AdminPassword);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AdminBootstrap>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<SessionRegistry>();
        services.AddHostedService<AccessStorePruner>();
        services.AddHostedService<RevocationWatcher>();

        var oidc = configuration.GetSection(AccessOptions.Section + ":Oidc").Get<OidcOptions>() ?? new OidcOptions();
        var auth = services.AddAuthentication(IocClaims.SessionScheme)
            .AddPolicyScheme(IocClaims.ViewerScheme, "session or display", o => o.ForwardDefaultSelector = context =>
                context.Request.Cookies.ContainsKey(SessionCookie) ? IocClaims.SessionScheme : IocClaims.DisplayScheme)
            .AddCookie(IocClaims.SessionScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;

                // Strict keeps the cookie off every cross-site request; the provider's redirect back after OpenID
                // Connect sign-in is one, so with OIDC on the session cookie is Lax (forms carry antiforgery
                // tokens and writes are checked for their origin either way).
                o.Cookie.SameSite = oidc.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.SlidingExpiration = true;
                o.Events = SessionValidation.Sessions();
            })
            .AddCookie(IocClaims.DisplayScheme, o =>
            {
                o.Cookie.Name = DisplayCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Events = SessionValidation.Displays();
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(IocClaims.ApiKeyScheme, null);
        services.AddOptions<CookieAuthenticationOptions>(IocClaims.SessionScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AccessOptions>>((o, access) => o.ExpireTimeSpan = access.Value.SessionLifetime);
        if (oidc.Enabled)
        {
            auth.AddOpenIdConnect(IocClaims.OidcScheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = IocClaims.SessionScheme;
                o.Scope.Add("profile");
                o.GetClaimsFromUserInfoEndpoint = true;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "preferred_username";
                o.Events = OidcSignIn.Events(oidc);
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(Person(new AuthorizationPolicyBuilder()).Build())
            .AddPolicy(IocClaims.Policies.SignedIn, p => p.AddAuthenticationSchemes(IocClaims.SessionScheme).RequireAuthenticatedUser().RequireAssertion(c => c.User.IsPerson()))
            .AddPolicy(IocClaims.Policies.Person, p => Person(p))
            .AddPolicy(IocClaims.Policies.Admin, p => Person(p).RequireRole(Roles.Admin))
            .AddPolicy(IocClaims.Policies.Reader, p => Person(p).RequireRole(Roles.Admin, Roles.Leader))
            .AddPolicy(IocClaims.Policies.Viewer, p => p
                .AddAuthenticationSchemes(IocClaims.ViewerScheme)
                .RequireAssertion(c => (c.User.IsPerson() && !c.User.HasClaim(x => x.Type == IocClaims.MustChangePassword)) || c.User.HasClaim(x => x.Type == IocClaims.DisplayTokenId)))
            .AddPolicy(IocClaims.Policies.Writer, p => p
                .AddAuthenticationSchemes(IocClaims.ApiKeyScheme)
                .RequireClaim(IocClaims.ApiKeyId)
                .RequireClaim(IocClaims.KeyScope, IocClaims.ScopeName(ApiKeyScope.Write)))
            .AddPolicy(IocClaims.Policies.MetricsReader, p => p
                .AddAuthenticationSchemes(IocClaims.SessionScheme, IocClaims.ApiKeyScheme)
                .RequireAssertion(c =>
                    (c.User.IsInRole(Roles.Admin) && c.User.IsPerson() && !c.User.HasClaim(x => x.Type == IocClaims.MustChangePassword))
                    || c.User.HasClaim(IocClaims.KeyScope, IocClaims.ScopeName(ApiKeyScope.Metrics))));
        // Cookies and antiforgery tokens are sealed with this key ring; kept in the configuration store, it
        // survives restarts and container upgrades and is the same for every Ioc process; a certificate encrypts it there.
        services.AddDataProtection().SetApplicationName("ioc").ProtectKeysWithConfiguredCertificate(configuration);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new KeyRingRepository(sp.GetRequiredService<IKeyRingStore>)));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ioc.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
        return services;
    }

    /// <summary>A signed-in person with a current password: a one-time password opens the change page only.</summary>
    private static AuthorizationPolicyBuilder Person(AuthorizationPolicyBuilder p) => p
        .AddAuthenticationSchemes(IocClaims.SessionScheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(c => c.User.IsPerson() && !c.User.HasClaim(x => x.Type == IocClaims.MustChangePassword));

    public static ClaimsPrincipal SessionPrincipal(UserAccount user, string method)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
            new(IocClaims.SecurityStamp, user.SecurityStamp),
            new("amr", method),
        };
        if (user.MustChangePassword)
        {
            claims.Add(new Claim(IocClaims.MustChangePassword, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, IocClaims.SessionScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static ClaimsPrincipal DisplayPrincipal(DisplayToken token) => new(new ClaimsIdentity(
        [
            new Claim(IocClaims.DisplayTokenId, token.Id),
            token.PlaylistId is { } playlist ? new Claim(IocClaims.Playlist, playlist) : new Claim(IocClaims.Dashboard, token.DashboardId),
        ],
        IocClaims.DisplayScheme));
}
