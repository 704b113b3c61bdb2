using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>Changes to existing accounts, one at a time: failed sign-ins, passwords, roles and deletion.</summary>
public abstract partial class AccessStoreContract
{
    private async Task<IAccessStore> WithUsersAsync(params UserAccount[] users)
    {
        var store = await InitializedAsync();
        foreach (var user in users)
        {
            await store.CreateUserAsync(user);
        }

        return store;
    }

    [Fact]
    public async Task RecordFailedSignIn_CountsEachFailure_AndLocksOnceTheCountReachesTheLimit()
    {
        var store = await WithUsersAsync(User("lan"));
        var lockUntil = T0.AddMinutes(15);

        var first = await store.RecordFailedSignInAsync("lan", 3, T0, lockUntil);
        var second = await store.RecordFailedSignInAsync("lan", 3, T0, lockUntil);
        var third = await store.RecordFailedSignInAsync("lan", 3, T0, lockUntil);

        Assert.Equal((1, (DateTimeOffset?)null), (first!.FailedSignIns, first.LockedUntil));
        Assert.Equal((2, (DateTimeOffset?)null), (second!.FailedSignIns, second.LockedUntil));
        Assert.Equal((3, (DateTimeOffset?)lockUntil), (third!.FailedSignIns, third.LockedUntil));
        Assert.Equal(User("lan") with { FailedSignIns = 3, LockedUntil = lockUntil }, await store.FindUserAsync("lan"));
    }

    [Fact]
    public async Task RecordFailedSignIn_ExtendsTheLock_OnEveryFailureAtOrPastTheLimit_AndKeepsItBelow()
    {
        var earlier = T0.AddMinutes(5);
        var store = await WithUsersAsync(User("lan") with { FailedSignIns = 1, LockedUntil = earlier });

        var belowLimit = await store.RecordFailedSignInAsync("lan", 3, T0, T0.AddMinutes(10));
        var atLimit = await store.RecordFailedSignInAsync("lan", 3, T0, T0.AddMinutes(20));
        var pastLimit = await store.RecordFailedSignInAsync("lan", 3, T0, T0.AddMinutes(30));

        Assert.Equal(earlier, belowLimit!.LockedUntil);
        Assert.Equal(T0.AddMinutes(20), atLimit!.LockedUntil);
        Assert.Equal((4, (DateTimeOffset?)T0.AddMinutes(30)), (pastLimit!.FailedSignIns, pastLimit.LockedUntil));
    }

    [Fact]
    public async Task RecordFailedSignIn_StartsTheCountAgainFromOne_AndLiftsTheLock_OnceTheLockHasRunOut()
    {
        var lockedUntil = T0.AddMinutes(15);
        var store = await WithUsersAsync(User("lan") with { FailedSignIns = 5, LockedUntil = lockedUntil });

        // A lock that ends at "now" has run out; a microsecond earlier it still holds and the count goes on.
        var stillLocked = await store.RecordFailedSignInAsync("lan", 3, lockedUntil.AddTicks(-10), T0.AddHours(1));
        Assert.Equal((6, (DateTimeOffset?)T0.AddHours(1)), (stillLocked!.FailedSignIns, stillLocked.LockedUntil));

        var first = await store.RecordFailedSignInAsync("lan", 3, T0.AddHours(1), T0.AddHours(2));
        var second = await store.RecordFailedSignInAsync("lan", 3, T0.AddHours(1), T0.AddHours(2));
        var third = await store.RecordFailedSignInAsync("lan", 3, T0.AddHours(1), T0.AddHours(2));

        Assert.Equal((1, (DateTimeOffset?)null), (first!.FailedSignIns, first.LockedUntil));
        Assert.Equal((2, (DateTimeOffset?)null), (second!.FailedSignIns, second.LockedUntil));
        Assert.Equal((3, (DateTimeOffset?)T0.AddHours(2)), (third!.FailedSignIns, third.LockedUntil));
        Assert.Equal(third, await store.FindUserAsync("lan"));
    }

    [Fact]
    public async Task RecordFailedSignIn_LocksAgainAtOnce_WhenTheLockHasRunOut_AndOneFailureIsTheLimit()
    {
        var store = await WithUsersAsync(User("lan") with { FailedSignIns = 1, LockedUntil = T0 });

        var failed = await store.RecordFailedSignInAsync("lan", 1, T0.AddMinutes(1), T0.AddMinutes(16));

        Assert.Equal((1, (DateTimeOffset?)T0.AddMinutes(16)), (failed!.FailedSignIns, failed.LockedUntil));
    }

    [Fact]
    public async Task RecordFailedSignIn_AnswersNull_ForAnUnknownUser()
    {
        var store = await InitializedAsync();

        Assert.Null(await store.RecordFailedSignInAsync("nobody", 3, T0, T0));
        Assert.Equal(0, await store.CountUsersAsync());
    }

    [Fact]
    public async Task ClearFailedSignIns_ZeroesTheCountAndLiftsTheLock_KeepingEverythingElse()
    {
        var user = User("lan") with { FailedSignIns = 4, LockedUntil = T0.AddMinutes(15) };
        var store = await WithUsersAsync(user, User("minh") with { FailedSignIns = 2 });

        Assert.True(await store.ClearFailedSignInsAsync("lan", T0.AddMinutes(1)));

        Assert.Equal(user with { FailedSignIns = 0, LockedUntil = null, UpdatedAt = T0.AddMinutes(1) }, await store.FindUserAsync("lan"));
        Assert.Equal(2, (await store.FindUserAsync("minh"))!.FailedSignIns);
    }

    [Fact]
    public async Task ClearFailedSignIns_AnswersFalse_ForAnUnknownUser()
    {
        var store = await InitializedAsync();

        Assert.False(await store.ClearFailedSignInsAsync("nobody", T0));
        Assert.Equal(0, await store.CountUsersAsync());
    }

    [Fact]
    public async Task SetPassword_SetsHashFlagAndStamp_AndClearsFailuresAndLock_KeepingRoleAndCreationTime()
    {
        var oidc = User("lan", Roles.Leader) with { PasswordHash = null, FailedSignIns = 3, LockedUntil = T0.AddMinutes(15) };
        var store = await WithUsersAsync(oidc);

        Assert.True(await store.SetPasswordAsync("lan", "new-hash", true, "new-stamp", null, T0.AddHours(1)));

        var expected = oidc with
        {
            PasswordHash = "new-hash", MustChangePassword = true, SecurityStamp = "new-stamp",
            FailedSignIns = 0, LockedUntil = null, UpdatedAt = T0.AddHours(1),
        };
        Assert.Equal(expected, await store.FindUserAsync("lan"));
    }

    [Fact]
    public async Task SetPassword_Changes_WhenTheAccountStillHasTheExpectedStamp()
    {
        var store = await WithUsersAsync(User("lan") with { MustChangePassword = true });

        Assert.True(await store.SetPasswordAsync("lan", "chosen-hash", false, "stamp-2", "stamp-lan", T0.AddHours(1)));

        var read = await store.FindUserAsync("lan");
        Assert.Equal(("chosen-hash", false, "stamp-2"), (read!.PasswordHash, read.MustChangePassword, read.SecurityStamp));
    }

    [Fact]
    public async Task SetPassword_ChangesNothing_WhenTheExpectedStampIsStale()
    {
        var store = await WithUsersAsync(User("lan"));
        Assert.True(await store.SetPasswordAsync("lan", "reset-hash", true, "stamp-reset", null, T0.AddHours(1)));
        var afterReset = await store.FindUserAsync("lan");

        // A change begun before the reset still expects the old stamp and must not undo the reset.
        Assert.False(await store.SetPasswordAsync("lan", "chosen-hash", false, "stamp-chosen", "stamp-lan", T0.AddHours(2)));

        Assert.Equal(afterReset, await store.FindUserAsync("lan"));
    }

    [Fact]
    public async Task SetPassword_AnswersFalse_AndCreatesNothing_ForAnUnknownUser()
    {
        var store = await InitializedAsync();

        Assert.False(await store.SetPasswordAsync("nobody", "hash", false, "stamp", null, T0));
        Assert.False(await store.SetPasswordAsync("nobody", "hash", false, "stamp", "stamp-nobody", T0));
        Assert.Equal(0, await store.CountUsersAsync());
    }

    [Fact]
    public async Task SetRole_GivesTheRoleAndANewStamp_KeepingEverythingElse()
    {
        var user = User("lan", Roles.Operator) with { FailedSignIns = 2, MustChangePassword = true };
        var store = await WithUsersAsync(user);

        Assert.Equal(UserChange.Done, await store.SetRoleAsync("lan", Roles.Admin, "new-stamp", T0.AddHours(1)));

        Assert.Equal(user with { Role = Roles.Admin, SecurityStamp = "new-stamp", UpdatedAt = T0.AddHours(1) }, await store.FindUserAsync("lan"));
    }

    [Fact]
    public async Task SetRole_AnswersDone_AndChangesNothing_WhenTheAccountHasThatRoleAlready()
    {
        var store = await WithUsersAsync(User("admin", Roles.Admin), User("lan", Roles.Leader));

        Assert.Equal(UserChange.Done, await store.SetRoleAsync("lan", Roles.Leader, "new-stamp", T0.AddHours(1)));
        Assert.Equal(UserChange.Done, await store.SetRoleAsync("admin", Roles.Admin, "new-stamp", T0.AddHours(1)));

        Assert.Equal([User("admin", Roles.Admin), User("lan", Roles.Leader)], await store.ListUsersAsync());
    }

    [Fact]
    public async Task SetRole_AnswersNotFound_AndCreatesNothing_ForAnUnknownUser()
    {
        var store = await InitializedAsync();

        Assert.Equal(UserChange.NotFound, await store.SetRoleAsync("nobody", Roles.Admin, "stamp", T0));
        Assert.Equal(0, await store.CountUsersAsync());
    }

    [Fact]
    public async Task SetRole_RefusesToTakeTheAdminRoleFromTheLastAdmin_ButNotOnceThereIsAnother()
    {
        var store = await WithUsersAsync(User("an", Roles.Admin), User("binh", Roles.Leader));

        Assert.Equal(UserChange.LastAdmin, await store.SetRoleAsync("an", Roles.Leader, "new-stamp", T0.AddHours(1)));
        Assert.Equal(User("an", Roles.Admin), await store.FindUserAsync("an"));

        Assert.Equal(UserChange.Done, await store.SetRoleAsync("binh", Roles.Admin, "stamp-2", T0.AddHours(1)));
        Assert.Equal(UserChange.Done, await store.SetRoleAsync("an", Roles.Operator, "stamp-3", T0.AddHours(2)));
        Assert.Equal(UserChange.LastAdmin, await store.SetRoleAsync("binh", Roles.Operator, "stamp-4", T0.AddHours(3)));

        Assert.Equal([(Roles.Operator, "stamp-3"), (Roles.Admin, "stamp-2")], (await store.ListUsersAsync()).Select(u => (u.Role, u.SecurityStamp)));
    }

    [Fact]
    public async Task SetRole_ChangesOtherRoles_WhenThereIsNoAdminAtAll()
    {
        // The rule keeps an admin that exists; it does not demand one where there is none (before the first start).
        var store = await WithUsersAsync(User("lan", Roles.Leader));

        Assert.Equal(UserChange.Done, await store.SetRoleAsync("lan", Roles.Operator, "new-stamp", T0));
        Assert.Equal(Roles.Operator, (await store.FindUserAsync("lan"))!.Role);
    }

    [Fact]
    public async Task DeleteUser_RemovesOnlyThatUser_AndAnswersNotFoundAfterwards()
    {
        var store = await WithUsersAsync(User("an"), User("binh"));

        Assert.Equal(UserChange.Done, await store.DeleteUserAsync("an"));
        Assert.Equal(UserChange.NotFound, await store.DeleteUserAsync("an"));

        Assert.Equal(["binh"], (await store.ListUsersAsync()).Select(u => u.Name));
    }

    [Fact]
    public async Task DeleteUser_RefusesTheLastAdmin_ButNotOnceThereIsAnother()
    {
        var store = await WithUsersAsync(User("an", Roles.Admin), User("binh", Roles.Leader));

        Assert.Equal(UserChange.LastAdmin, await store.DeleteUserAsync("an"));
        Assert.Equal(UserChange.Done, await store.DeleteUserAsync("binh"));
        await store.CreateUserAsync(User("chi", Roles.Admin));
        Assert.Equal(UserChange.Done, await store.DeleteUserAsync("an"));
        Assert.Equal(UserChange.LastAdmin, await store.DeleteUserAsync("chi"));

        Assert.Equal([User("chi", Roles.Admin)], await store.ListUsersAsync());
    }
}
