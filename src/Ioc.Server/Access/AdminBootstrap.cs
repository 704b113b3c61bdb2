using Ioc.Core.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// Creates the first administrator when the configuration store has no user: with the configured password, or
/// with a random one-time password written once to the log that must be changed at the first sign-in.
/// </summary>
internal sealed partial class AdminBootstrap(IAccessStore store, AuditLog audit, TimeProvider clock, IOptions<AccessOptions> options, ILogger<AdminBootstrap> logger)
{
    public async Task EnsureAdminAsync(CancellationToken cancellationToken = default)
    {
        await store.InitializeAsync(cancellationToken);
        if (await store.CountUsersAsync(cancellationToken) > 0)
        {
            return;
        }

        var name = options.Value.AdminUser;
        var configured = options.Value.AdminPassword;
        var oneTime = string.IsNullOrEmpty(configured);
        var password = oneTime ? AccountService.NewPassword() : configured!;
        var now = clock.GetUtcNow();
        try
        {
            await store.CreateUserAsync(new UserAccount(name, Roles.Admin, AccountService.Hash(password), oneTime, AccountService.NewStamp(), now, now), cancellationToken);
        }
        catch (AccessConflictException)
        {
            return; // another process created it first
        }

        await audit.RecordAsync("system", "user.created", name, oneTime ? "first administrator, one-time password" : "first administrator, configured password", cancellationToken);
        if (oneTime)
        {
            // The one place a secret reaches the log, by design and once: there is nobody yet to hand it to.
            LogOneTimePassword(name, password);
        }
        else
        {
            LogConfigured(name);
        }
    }

    [LoggerMessage(LogLevel.Warning, "First start: sign in as {User} with the one-time password {OneTimePassword}; you will be asked to change it")]
    private partial void LogOneTimePassword(string user, string oneTimePassword);

    [LoggerMessage(LogLevel.Information, "First start: administrator {User} created with the configured password")]
    private partial void LogConfigured(string user);
}
