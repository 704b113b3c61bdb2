using Ioc.Core.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// Growing waits between password attempts, per account name and client address: after
/// <see cref="AccessOptions.LockoutThreshold"/> wrong passwords from one address, that address waits
/// <see cref="AccessOptions.LockoutFirstDelay"/>, doubled with each further one up to
/// <see cref="AccessOptions.LockoutDuration"/>. Another address is not slowed, so nobody can keep an account's
/// owner out. Names that do not exist are counted alike, so the answer never tells whether a name exists. The
/// counts live in the configuration store and hold for every Ioc process.
/// </summary>
internal sealed partial class SignInThrottle(IAccessStore store, AuditLog audit, TimeProvider clock, IOptions<AccessOptions> options, ILogger<SignInThrottle> logger)
{
    /// <summary>Longer names cannot exist (see <see cref="AccessOptions.AdminUser"/>); cutting them keeps rows small.</summary>
    private const int MaxAccountLength = 64;

    private AccessOptions Options => options.Value;

    /// <summary>The key a normalised name is counted under.</summary>
    public static string Account(string normalizedName) =>
        normalizedName.Length <= MaxAccountLength ? normalizedName : normalizedName[..MaxAccountLength];

    /// <summary>The key a name that has no account is counted under: a digest, so the typed text is kept nowhere.</summary>
    public static string UnknownAccount(string normalizedName) =>
        "?" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalizedName)))[..32];

    /// <summary>How long to wait after the last of <paramref name="count"/> wrong passwords; zero below the threshold.</summary>
    public static TimeSpan Delay(int count, AccessOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (count < settings.LockoutThreshold)
        {
            return TimeSpan.Zero;
        }

        // Capped before doubling so that a long run of failures cannot overflow.
        var doublings = Math.Min(count - settings.LockoutThreshold, 40);
        var ticks = settings.LockoutFirstDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= settings.LockoutDuration.Ticks ? settings.LockoutDuration : TimeSpan.FromTicks((long)ticks);
    }

    public DateTimeOffset WaitsUntil(SignInFailures failures) => failures.LastFailureAt + Delay(failures.Count, Options);

    /// <summary>What is kept for this account and address; null when it has no failures.</summary>
    public Task<SignInFailures?> FindAsync(string account, string address, CancellationToken cancellationToken = default) =>
        store.FindSignInFailuresAsync(account, address, cancellationToken);

    /// <summary>How long the address must still wait before its next attempt; zero when it may try now.</summary>
    public TimeSpan Remaining(SignInFailures? failures)
    {
        var left = failures is null ? TimeSpan.Zero : WaitsUntil(failures) - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Counts one wrong password; the first time an existing account's count reaches the threshold is audited.</summary>
    public async Task RecordFailureAsync(string account, string address, bool accountExists, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var after = await store.RecordSignInFailureAsync(account, address, now, now - Options.LockoutForgetAfter, cancellationToken);
        if (after.Count >= Options.LockoutThreshold)
        {
            LogWaiting(account, address, after.Count, Delay(after.Count, Options));
        }

        if (accountExists && after.Count == Options.LockoutThreshold)
        {
            await audit.RecordAsync("system", "account.throttled", account, $"{after.Count} wrong passwords from {address}; it now waits between attempts", cancellationToken);
        }
    }

    /// <summary>Forgets the failures from one address, or from every address when it is null; returns how many addresses.</summary>
    public Task<int> ClearAsync(string account, string? address, CancellationToken cancellationToken = default) =>
        store.ClearSignInFailuresAsync(account, address, cancellationToken);

    /// <summary>Each account some address has to wait for now, with the latest time one of them may try again.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> WaitingAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var kept = await store.ListSignInFailuresAsync(Options.LockoutThreshold, now - Options.LockoutDuration, cancellationToken);
        return kept.Select(f => (f.Account, Until: WaitsUntil(f)))
            .Where(w => w.Until > now)
            .GroupBy(w => w.Account, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(w => w.Until), StringComparer.Ordinal);
    }

    [LoggerMessage(LogLevel.Warning, "{Address} gave {Count} wrong passwords for {Account}; it waits {Delay} before the next attempt")]
    private partial void LogWaiting(string account, string address, int count, TimeSpan delay);
}
