using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>Changes to existing accounts, one at a time: passwords, roles and deletion.</summary>
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
    public async Task SetPassword_SetsHashFlagAndStamp_KeepingRoleAndCreationTime()
    {
        var oidc = User("lan", Roles.Leader) with { PasswordHash = null };
        var store = await WithUsersAsync(oidc);

        Assert.True(await store.SetPasswordAsync("lan", "new-hash", true, "new-stamp", null, T0.AddHours(1)));

        var expected = oidc with
        {
            PasswordHash = "new-hash", MustChangePassword = true, SecurityStamp = "new-stamp", UpdatedAt = T0.AddHours(1),
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
        var user = User("lan", Roles.Operator) with { MustChangePassword = true };
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
