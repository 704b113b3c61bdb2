using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Access;

/// <summary>The <c>Ioc:Access</c> section: sign-in, lockout and credentials.</summary>
public sealed class AccessOptions
{
    public const string Section = "Ioc:Access";

    /// <summary>The first administrator, created when the configuration store has no user yet.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9._-]{1,63}$", ErrorMessage = "Ioc:Access:AdminUser must be 2-64 lower-case letters, digits, '.', '_' or '-'")]
    public string AdminUser { get; set; } = "admin";

    /// <summary>
    /// Its password (also <c>Ioc:Admin:Password</c>); when none is given a random one-time password is written once
    /// to the log and must be changed at the first sign-in.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// Wrong passwords one client address may give for one account name before it must wait between attempts.
    /// Other addresses are not affected: no stranger can keep an account's owner out.
    /// </summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>The first wait, after the <see cref="LockoutThreshold"/>-th wrong password; each further one doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LockoutFirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts, however many wrong passwords came before.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after its last wrong password an address's count for an account is forgotten.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan LockoutForgetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sign-in attempts one address may make per minute, whatever the account.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How long a signed-in session lasts without activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a session lasts at most from sign-in, however active; at least <see cref="SessionLifetime"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromDays(1);

    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>How soon a revoked or expired display token and a changed account stop working everywhere.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Optional OpenID Connect sign-in (a province's own identity provider).</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>The certificate that encrypts the data-protection key ring where it is stored.</summary>
    public KeyRingProtectionOptions DataProtection { get; set; } = new();
}

public sealed class OidcOptions
{
    /// <summary>Issuer URL; OpenID Connect is off when empty.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Shown on the sign-in button.</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    /// <summary>The claim whose values name Ioc roles (<c>admin</c>, <c>leader</c>, <c>operator</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
