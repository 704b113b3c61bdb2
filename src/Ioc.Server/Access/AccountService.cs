using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    Throttled,
}

internal sealed record SignInResult(SignInOutcome Outcome, UserAccount? User = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Passwords and sign-in: Identity's password hasher, growing waits per account name and address after repeated
/// failures (<see cref="SignInThrottle"/>), and a per-address limit. A wrong user name costs the same hash
/// verification and the same store write as a wrong password and gets the same answer, so neither the answer nor
/// its timing tells which was wrong.
/// </summary>
internal sealed partial class AccountService : IDisposable
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    private readonly IAccessStore _store;
    private readonly AuditLog _audit;
    private readonly SignInThrottle _throttle;
    private readonly TimeProvider _clock;
    private readonly AccessOptions _options;
    private readonly ILogger<AccountService> _logger;
    private readonly PartitionedRateLimiter<string> _attempts;
    private readonly string _decoyHash;

    public AccountService(IAccessStore store, AuditLog audit, SignInThrottle throttle, TimeProvider clock, IOptions<AccessOptions> options, ILogger<AccountService> logger)
    {
        _store = store;
        _audit = audit;
        _throttle = throttle;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        var perMinute = _options.SignInAttemptsPerMinute;
        _attempts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        _decoyHash = Hasher.HashPassword(Decoy, NewPassword());
    }

    private static UserAccount Decoy { get; } = new("-", Roles.Operator, null, false, "-", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public static string Normalize(string? name) => (name ?? "").Trim().ToLowerInvariant();

    /// <summary>A one-time password: 16 characters from an alphabet without look-alikes.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
            }
        });
    }

    public static string Hash(string password) => Hasher.HashPassword(Decoy, password);

    public async Task<SignInResult> SignInAsync(string? name, string? password, string address, CancellationToken cancellationToken = default)
    {
        using var lease = _attempts.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            LogThrottled(address);
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1));
        }

        // A name with no account is counted under a digest of it: what people type there is sometimes a password,
        // which must reach neither the store nor the log. Either way a waiting address gets the same answer.
        var user = await _store.FindUserAsync(SignInThrottle.Account(Normalize(name)), cancellationToken);
        var account = user?.Name ?? SignInThrottle.UnknownAccount(Normalize(name));
        var failures = await _throttle.FindAsync(account, address, cancellationToken);
        if (_throttle.Remaining(failures) is var wait && wait > TimeSpan.Zero)
        {
            LogWaiting(address);
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        }

        var verified = Hasher.VerifyHashedPassword(user ?? Decoy, user?.PasswordHash ?? _decoyHash, password ?? "") != PasswordVerificationResult.Failed;
        if (user?.PasswordHash is null || !verified)
        {
            await _throttle.RecordFailureAsync(account, address, user is not null, cancellationToken);
            LogFailed(address);
            return new SignInResult(SignInOutcome.Failed);
        }

        if (failures is not null)
        {
            // This address only: another one still guessing keeps its wait.
            await _throttle.ClearAsync(account, address, cancellationToken);
        }

        LogSignedIn(user.Name, address);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    /// <summary>
    /// Null when done, else what is wrong. A wrong current password counts against the throttle of the session's
    /// address, as a failed sign-in from there would.
    /// </summary>
    public async Task<PasswordChangeProblem?> ChangePasswordAsync(string name, string? current, string? next, string address, CancellationToken cancellationToken = default)
    {
        var user = await _store.FindUserAsync(name, cancellationToken);
        if (user?.PasswordHash is null)
        {
            return new(PasswordChangeCode.Unavailable);
        }

        // A stolen session must not be a way round the throttle to guess the password.
        var failures = await _throttle.FindAsync(user.Name, address, cancellationToken);
        if (_throttle.Remaining(failures) is var wait && wait > TimeSpan.Zero)
        {
            return new(PasswordChangeCode.Throttled, (int)Math.Ceiling(wait.TotalSeconds));
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, current ?? "") == PasswordVerificationResult.Failed)
        {
            await _throttle.RecordFailureAsync(user.Name, address, accountExists: true, cancellationToken);
            return new(PasswordChangeCode.WrongCurrent);
        }

        if (PasswordRule(next, current) is { } problem)
        {
            return problem;
        }

        // Only if nobody reset the password or changed the account since it was read.
        if (!await _store.SetPasswordAsync(name, Hash(next!), mustChange: false, NewStamp(), user.SecurityStamp, _clock.GetUtcNow(), cancellationToken))
        {
            return new(PasswordChangeCode.ChangedMeanwhile);
        }

        if (failures is not null)
        {
            await _throttle.ClearAsync(user.Name, address, cancellationToken);
        }

        await _audit.RecordAsync(name, "password.changed", name, "", cancellationToken);
        return null;
    }

    public string? PasswordProblem(string? password, string? previous = null) => PasswordRule(password, previous)?.English;

    public PasswordChangeProblem? PasswordRule(string? password, string? previous = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < _options.MinimumPasswordLength)
        {
            return new(PasswordChangeCode.TooShort, _options.MinimumPasswordLength);
        }

        return password == previous ? new(PasswordChangeCode.Unchanged) : null;
    }

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Dispose() => _attempts.Dispose();

    [LoggerMessage(LogLevel.Warning, "Sign-in refused from {Address}: too many attempts")]
    private partial void LogThrottled(string address);

    [LoggerMessage(LogLevel.Warning, "Sign-in failed from {Address}")]
    private partial void LogFailed(string address);

    [LoggerMessage(LogLevel.Warning, "Sign-in refused from {Address}: it must wait after wrong passwords for this name")]
    private partial void LogWaiting(string address);

    [LoggerMessage(LogLevel.Information, "{User} signed in from {Address}")]
    private partial void LogSignedIn(string user, string address);
}
