using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// <c>Authorization: Token &lt;key&gt;</c> (InfluxDB's convention, so Telegraf's outputs work unchanged) or
/// <c>Bearer &lt;key&gt;</c> (Prometheus's <c>authorization</c> setting). A missing header is "no result", so other
/// schemes may still answer. The key's scope becomes a claim; each policy asks for the one it serves.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Credentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return AuthenticateResult.NoResult();
        }

        var scheme = header[..space];
        if (!scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await credentials.ValidateApiKeyAsync(header[(space + 1)..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("the API key is not valid or was revoked");
        }

        var claims = new List<Claim> { new(IocClaims.ApiKeyId, key.Id), new(ClaimTypes.Name, "key:" + key.Id), new(IocClaims.KeyScope, IocClaims.ScopeName(key.Scope)) };
        if (key.Scope == Ioc.Core.Access.ApiKeyScope.Write)
        {
            claims.AddRange(key.MeasurementPrefixes.Select(p => new Claim(IocClaims.MeasurementPrefix, p)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Token realm=\"ioc\"";
        return Task.CompletedTask;
    }
}
