using Ioc.Core.Access;

namespace Ioc.Server.Access;

/// <summary>A request an admin made that cannot be carried out; the message names the field and the reason.</summary>
internal sealed class AccessRequestException(string message) : Exception(message);

/// <summary>What admins do to accounts, each action audited. Nobody can lock the province out of Ioc: the last admin stays.</summary>
internal sealed class UserAdministration(IAccessStore store, AccountService accounts, SignInThrottle throttle, AuditLog audit, TimeProvider clock)
{
    /// <summary>Returns the one-time password when none was given (shown once, to be changed at first sign-in).</summary>
    public async Task<string?> CreateAsync(string actor, string? name, string? role, string? password, CancellationToken cancellationToken = default)
    {
        var normalized = AccountService.Normalize(name);
        if (!System.Text.RegularExpressions.Regex.IsMatch(normalized, "^[a-z][a-z0-9._-]{1,63}$"))
        {
            throw new AccessRequestException("name: 2-64 lower-case letters, digits, '.', '_' or '-', starting with a letter");
        }

        RequireRole(role);
        var oneTime = string.IsNullOrEmpty(password);
        if (!oneTime && accounts.PasswordProblem(password) is { } problem)
        {
            throw new AccessRequestException("password: " + problem);
        }

        var secret = oneTime ? AccountService.NewPassword() : password!;
        var now = clock.GetUtcNow();
        try
        {
            await store.CreateUserAsync(new UserAccount(normalized, role!, AccountService.Hash(secret), oneTime, AccountService.NewStamp(), now, now), cancellationToken);
        }
        catch (AccessConflictException)
        {
            throw new AccessRequestException($"name: a user '{normalized}' exists already");
        }

        await audit.RecordAsync(actor, "user.created", normalized, $"role {role}{(oneTime ? ", one-time password" : "")}", cancellationToken);
        return oneTime ? secret : null;
    }

    public async Task SetRoleAsync(string actor, string name, string? role, CancellationToken cancellationToken = default)
    {
        RequireRole(role);
        var user = await Existing(name, cancellationToken);
        if (user.Role == role)
        {
            return;
        }

        RefuseSelf(actor, user, "role");
        Check(await store.SetRoleAsync(user.Name, role!, AccountService.NewStamp(), clock.GetUtcNow(), cancellationToken), user, "role");
        await audit.RecordAsync(actor, "user.role-changed", user.Name, $"{user.Role} -> {role}", cancellationToken);
    }

    /// <summary>Gives the account a new one-time password, ends its sessions and lifts every wait; returns the password.</summary>
    public async Task<string> ResetPasswordAsync(string actor, string name, CancellationToken cancellationToken = default)
    {
        var user = await Existing(name, cancellationToken);
        var secret = AccountService.NewPassword();
        if (!await store.SetPasswordAsync(user.Name, AccountService.Hash(secret), mustChange: true, AccountService.NewStamp(), expectedStamp: null, clock.GetUtcNow(), cancellationToken))
        {
            throw new KeyNotFoundException($"no user '{name}'");
        }

        await throttle.ClearAsync(user.Name, address: null, cancellationToken);
        await audit.RecordAsync(actor, "user.password-reset", user.Name, "one-time password issued", cancellationToken);
        return secret;
    }

    /// <summary>Forgets the account's wrong passwords from every address, so none waits; returns how many addresses had some.</summary>
    public async Task<int> UnlockAsync(string actor, string name, CancellationToken cancellationToken = default)
    {
        var user = await Existing(name, cancellationToken);
        var addresses = await throttle.ClearAsync(user.Name, address: null, cancellationToken);
        await audit.RecordAsync(actor, "user.unlocked", user.Name, $"sign-in failures forgotten for {addresses} address(es)", cancellationToken);
        return addresses;
    }

    public async Task DeleteAsync(string actor, string name, CancellationToken cancellationToken = default)
    {
        var user = await Existing(name, cancellationToken);
        RefuseSelf(actor, user, "name");
        Check(await store.DeleteUserAsync(user.Name, cancellationToken), user, "name");

        // A new account of the same name starts without the old one's failures.
        await throttle.ClearAsync(user.Name, address: null, cancellationToken);
        await audit.RecordAsync(actor, "user.deleted", user.Name, $"was {user.Role}", cancellationToken);
    }

    /// <summary>An admin cannot take away their own admin rights: another admin must, so one always remains who knows.</summary>
    private static void RefuseSelf(string actor, UserAccount user, string field)
    {
        if (user.Role == Roles.Admin && user.Name == actor)
        {
            throw new AccessRequestException($"{field}: you cannot remove your own admin rights; ask another admin");
        }
    }

    /// <summary>The store checks "not the last admin" in the same step as the change, so two admins racing cannot both pass.</summary>
    private static void Check(UserChange change, UserAccount user, string field)
    {
        switch (change)
        {
            case UserChange.NotFound:
                throw new KeyNotFoundException($"no user '{user.Name}'");
            case UserChange.LastAdmin:
                throw new AccessRequestException($"{field}: '{user.Name}' is the last admin");
        }
    }

    private async Task<UserAccount> Existing(string name, CancellationToken cancellationToken) =>
        await store.FindUserAsync(AccountService.Normalize(name), cancellationToken) ?? throw new KeyNotFoundException($"no user '{name}'");

    private static void RequireRole(string? role)
    {
        if (!Roles.IsKnown(role))
        {
            throw new AccessRequestException($"role: '{role}' is not a role (known: {string.Join(", ", Roles.All)})");
        }
    }
}
