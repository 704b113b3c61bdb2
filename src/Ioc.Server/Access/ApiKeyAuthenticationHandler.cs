using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// An API key wherever an InfluxDB client sends a credential, so Telegraf and the InfluxDB libraries work unchanged:
/// <c>Authorization: Token &lt;key&gt;</c> (InfluxDB 2.x), <c>Bearer &lt;key&gt;</c> (Prometheus's
/// <c>authorization</c> setting), <c>Basic</c> with the key as password and any user name (InfluxDB 1.x clients), and
/// on endpoints that take it, the query parameter <c>p</c> (see <see cref="QueryCredentials"/>). No credential is
/// "no result", so other schemes may still answer. The key's scope becomes a claim; each policy asks for the one it serves.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Credentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Missing =
        "authorization failed: send an API key as 'Authorization: Token <key>', 'Bearer <key>', Basic authentication with the key as password, or the query parameter p";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (presented.Key is null)
        {
            return AuthenticateResult.Fail(presented.Problem!);
        }

        var key = await credentials.ValidateApiKeyAsync(presented.Key, Context.RequestAborted);
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

    /// <summary>
    /// InfluxDB's answer: 401 with a JSON <c>error</c> and a challenge, never a redirect to the sign-in page. Both
    /// challenges are offered, so a client that sends Basic only when asked (.NET's <c>NetworkCredential</c>) does.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(["Token realm=\"ioc\"", "Basic realm=\"ioc\""]);
        Response.Headers.Location = default;
        if (!Response.HasStarted)
        {
            // "error" is how InfluxDB 1.x and Telegraf read a refusal, "code" and "message" how 2.x clients do.
            var message = result.Failure is { } failure ? "authorization failed: " + failure.Message : Missing;
            await Response.WriteAsJsonAsync(new { code = "unauthorized", message, error = message });
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.Location = default;
        if (!Response.HasStarted)
        {
            var scope = Context.User.FindFirstValue(IocClaims.KeyScope) ?? "none";
            var message = $"forbidden: this API key's scope ({scope}) does not allow this request";
            await Response.WriteAsJsonAsync(new { code = "forbidden", message, error = message });
        }
    }

    /// <summary>The key the request carries, a reason it cannot be read, or null when it carries none.</summary>
    private (string? Key, string? Problem)? Presented()
    {
        var header = Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            var scheme = header[..space];
            var value = header[(space + 1)..].Trim();
            if (scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return (value, null);
            }

            if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                return BasicPassword(value);
            }
        }

        if (Context.GetEndpoint()?.Metadata.GetMetadata<QueryCredentials.AcceptedMetadata>() is not null
            && Context.Features.Get<QueryCredentials.Presented>() is { } query)
        {
            return (query.Key, null);
        }

        return null;
    }

    /// <summary>Any user name: the password is the key, as InfluxDB 2.x reads Basic authentication from 1.x clients.</summary>
    private static (string? Key, string? Problem) BasicPassword(string value)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, "Basic credentials must be 'name:key' in base64") : (decoded[(colon + 1)..], null);
        }
        catch (FormatException)
        {
            return (null, "Basic credentials are not valid base64");
        }
    }
}
