using Ioc.Core.Access;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Admin;

/// <param name="Locked">Some address must wait before its next password attempt (others may sign in); unlock lifts every wait.</param>
public sealed record UserView(string Name, string Role, bool MustChangePassword, bool Locked, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CreateUserRequest(string? Name, string? Role, string? Password);

public sealed record CreatedUser(string Name, string Role, string? OneTimePassword)
{
    public override string ToString() => $"user {Name} ({Role})"; // never the password
}

public sealed record SetRoleRequest(string? Role);

public sealed record OneTimePassword(string Password)
{
    public override string ToString() => "one-time password";
}

/// <param name="DashboardId">The dashboard shown; empty for a token that names a playlist.</param>
/// <param name="PlaylistId">The playlist shown instead of one dashboard, or null.</param>
public sealed record DisplayTokenView(string Id, string Name, string DashboardId, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string CreatedBy, DateTimeOffset CreatedAt, bool Active, string? PlaylistId = null);

/// <param name="PlaylistId">Instead of <paramref name="DashboardId"/>: the screen shows the playlist's dashboards in turn.</param>
public sealed record CreateDisplayTokenRequest(string? Name, string? DashboardId, int? Days, string? PlaylistId = null);

/// <param name="KioskPath">Open this on the screen; the token travels in the fragment, which browsers never send to a server or a log.</param>
public sealed record CreatedDisplayToken(DisplayTokenView Token, string Secret, string KioskPath)
{
    public override string ToString() => $"display token {Token.Id}";
}

/// <param name="Scope"><c>write</c> (pushes points) or <c>metrics</c> (reads /metrics).</param>
public sealed record ApiKeyView(string Id, string Name, IReadOnlyList<string> MeasurementPrefixes, DateTimeOffset? RevokedAt, string CreatedBy, DateTimeOffset CreatedAt, ApiKeyScope Scope);

/// <param name="Scope">Absent: <c>write</c>.</param>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? MeasurementPrefixes, ApiKeyScope? Scope = null);

public sealed record CreatedApiKey(ApiKeyView Key, string Secret)
{
    public override string ToString() => $"API key {Key.Id}";
}

/// <summary>
/// Users, display tokens, API keys and the audit log for admins, as JSON for automation (the admin pages do the
/// same through the same services). Secrets appear once, in the answer that creates them.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(IocClaims.Policies.Admin).AddEndpointFilter(AnswerProblems);
        api.MapGet("/users", async (IAccessStore store, SignInThrottle throttle, CancellationToken ct) =>
        {
            var waiting = await throttle.WaitingAsync(ct);
            return TypedResults.Ok((await store.ListUsersAsync(ct)).Select(u => View(u, waiting.ContainsKey(u.Name))));
        });
        api.MapPost("/users", async Task<Results<Created<CreatedUser>, ValidationProblem>> (CreateUserRequest request, UserAdministration users, HttpContext http, CancellationToken ct) =>
        {
            var oneTime = await users.CreateAsync(http.User.ActorName(), request.Name, request.Role, request.Password, ct);
            var name = AccountService.Normalize(request.Name);
            return TypedResults.Created($"/api/v1/admin/users/{name}", new CreatedUser(name, request.Role!, oneTime));
        });
        api.MapPut("/users/{name}/role", async Task<Results<NoContent, NotFound, ValidationProblem>> (string name, SetRoleRequest request, UserAdministration users, HttpContext http, CancellationToken ct) =>
        {
            await users.SetRoleAsync(http.User.ActorName(), name, request.Role, ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/users/{name}/password-reset", async Task<Results<Ok<OneTimePassword>, NotFound, ValidationProblem>> (string name, UserAdministration users, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(new OneTimePassword(await users.ResetPasswordAsync(http.User.ActorName(), name, ct))));
        api.MapPost("/users/{name}/unlock", async Task<Results<NoContent, NotFound, ValidationProblem>> (string name, UserAdministration users, HttpContext http, CancellationToken ct) =>
        {
            await users.UnlockAsync(http.User.ActorName(), name, ct);
            return TypedResults.NoContent();
        });
        api.MapDelete("/users/{name}", async Task<Results<NoContent, NotFound, ValidationProblem>> (string name, UserAdministration users, HttpContext http, CancellationToken ct) =>
        {
            await users.DeleteAsync(http.User.ActorName(), name, ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/display-tokens", async (IAccessStore store, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await store.ListDisplayTokensAsync(ct)).Select(t => View(t, clock.GetUtcNow()))));
        api.MapPost("/display-tokens", async Task<Results<Created<CreatedDisplayToken>, NotFound, ValidationProblem>> (CreateDisplayTokenRequest request, Credentials credentials, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var issued = await credentials.CreateDisplayTokenAsync(http.User.ActorName(), request.Name ?? "", request.DashboardId ?? "", TimeSpan.FromDays(request.Days ?? 365), request.PlaylistId, ct);
            return TypedResults.Created($"/api/v1/admin/display-tokens/{issued.Record.Id}", new CreatedDisplayToken(View(issued.Record, clock.GetUtcNow()), issued.Secret, KioskPath(issued.Secret)));
        });
        api.MapDelete("/display-tokens/{id}", async Task<Results<NoContent, NotFound>> (string id, Credentials credentials, HttpContext http, CancellationToken ct) =>
            await credentials.RevokeDisplayTokenAsync(http.User.ActorName(), id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());

        api.MapGet("/api-keys", async (IAccessStore store, CancellationToken ct) => TypedResults.Ok((await store.ListApiKeysAsync(ct)).Select(View)));
        api.MapPost("/api-keys", async Task<Results<Created<CreatedApiKey>, NotFound, ValidationProblem>> (CreateApiKeyRequest request, Credentials credentials, HttpContext http, CancellationToken ct) =>
        {
            var issued = await credentials.CreateApiKeyAsync(http.User.ActorName(), request.Name ?? "", request.Scope ?? ApiKeyScope.Write, request.MeasurementPrefixes ?? [], ct);
            return TypedResults.Created($"/api/v1/admin/api-keys/{issued.Record.Id}", new CreatedApiKey(View(issued.Record), issued.Secret));
        });
        api.MapDelete("/api-keys/{id}", async Task<Results<NoContent, NotFound>> (string id, Credentials credentials, HttpContext http, CancellationToken ct) =>
            await credentials.RevokeApiKeyAsync(http.User.ActorName(), id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());

        api.MapGet("/audit", async (IAccessStore store, TimeProvider clock, DateTimeOffset? since, DateTimeOffset? until, string? actor, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await store.QueryAuditAsync(since ?? DateTimeOffset.UnixEpoch, until ?? clock.GetUtcNow().AddMinutes(1), actor, Math.Clamp(limit ?? 200, 1, 5000), ct)));
        return app;
    }

    public static string KioskPath(string secret) => "/kiosk#" + secret;

    internal static UserView View(UserAccount u, bool locked) => new(u.Name, u.Role, u.MustChangePassword, locked, u.CreatedAt, u.UpdatedAt);

    internal static DisplayTokenView View(DisplayToken t, DateTimeOffset now) => new(t.Id, t.Name, t.DashboardId, t.ExpiresAt, t.RevokedAt, t.CreatedBy, t.CreatedAt, t.IsActive(now), t.PlaylistId);

    internal static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.MeasurementPrefixes, k.RevokedAt, k.CreatedBy, k.CreatedAt, k.Scope);

    /// <summary>Bad requests name the field (400 with the field's problem); unknown names are 404.</summary>
    private static async ValueTask<object?> AnswerProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessRequestException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Message.Split(':', 2)[0]] = [ex.Message] });
        }
        catch (KeyNotFoundException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: ex.Message);
        }
    }
}
