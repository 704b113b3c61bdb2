namespace Ioc.Core.Access;

/// <summary>What a signed-in person may do. Display tokens and API keys are not users and have no role.</summary>
public static class Roles
{
    /// <summary>Collectors, dashboards, users, tokens, keys, the job dashboard.</summary>
    public const string Admin = "admin";

    /// <summary>Every dashboard and KPI panel, read-only.</summary>
    public const string Leader = "leader";

    /// <summary>Wall dashboards, read-only.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Admin, Leader, Operator];

    public static bool IsKnown(string? role) => role is Admin or Leader or Operator;
}

/// <param name="Name">Sign-in name, lower case, unique.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's hash format; null for accounts that sign in through OpenID Connect only.</param>
/// <param name="MustChangePassword">Set for a generated one-time password; sign-in then leads to the change page only.</param>
/// <param name="SecurityStamp">Changes whenever the password or role changes, which ends every session of the account.</param>
public sealed record UserAccount(
    string Name,
    string Role,
    string? PasswordHash,
    bool MustChangePassword,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    // Records print every member; a hash or stamp must not reach a log through an interpolated record.
    public override string ToString() => $"user {Name} ({Role})";
}

/// <summary>A read-only credential for one wall screen: shows one dashboard, or one playlist's dashboards, and nothing else.</summary>
/// <param name="DashboardId">The dashboard shown; empty when the token names a playlist.</param>
/// <param name="SecretHash">SHA-256 of the secret part, hex; the secret itself is shown once and never kept.</param>
/// <param name="PlaylistId">The playlist shown instead of one dashboard, or null.</param>
public sealed record DisplayToken(
    string Id,
    string Name,
    string DashboardId,
    string SecretHash,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? PlaylistId = null)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public override string ToString() => PlaylistId is null ? $"display token {Id} '{Name}' for {DashboardId}" : $"display token {Id} '{Name}' for playlist {PlaylistId}";
}

/// <summary>What one API key may do; a key does exactly one thing, so a leaked scrape key cannot write.</summary>
public enum ApiKeyScope
{
    /// <summary>Push points to the write endpoints, limited to its measurement prefixes.</summary>
    Write,

    /// <summary>Read <c>/metrics</c> (a Prometheus scrape), and nothing else.</summary>
    Metrics,
}

/// <summary>A machine's credential: either writes points (limited to measurements by prefix) or reads Ioc's own metrics.</summary>
/// <param name="MeasurementPrefixes">A point is accepted when its measurement starts with one of these; "" allows every measurement. Empty for a metrics key.</param>
public sealed record ApiKey(
    string Id,
    string Name,
    IReadOnlyList<string> MeasurementPrefixes,
    string SecretHash,
    DateTimeOffset? RevokedAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    ApiKeyScope Scope = ApiKeyScope.Write)
{
    public bool IsActive => RevokedAt is null;

    public bool Allows(string measurement) => Scope == ApiKeyScope.Write && MeasurementPrefixes.Any(p => measurement.StartsWith(p, StringComparison.Ordinal));

    public override string ToString() => $"API key {Id} '{Name}'";
}

/// <summary>One administrative action: who did what to what, and when. Never carries a secret.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Detail);
