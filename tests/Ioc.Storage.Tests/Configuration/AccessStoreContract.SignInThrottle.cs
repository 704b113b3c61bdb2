using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>
/// Failed sign-ins counted per account name and client address: what the sign-in throttle keeps in the
/// configuration store so that every Ioc process slows the same guesser and nobody else.
/// </summary>
public abstract partial class AccessStoreContract
{
    private const string Guesser = "203.0.113.7";
    private const string Owner = "2001:db8::42";

    [Fact]
    public async Task RecordSignInFailure_CountsEachAddressOnItsOwn_SoAGuesserDoesNotTouchTheOwnersCount()
    {
        var store = await WithUsersAsync(User("admin", Roles.Admin));

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(new SignInFailures("admin", Guesser, i, T0.AddSeconds(i)), await store.RecordSignInFailureAsync("admin", Guesser, T0.AddSeconds(i), T0.AddDays(-1)));
        }

        Assert.Null(await store.FindSignInFailuresAsync("admin", Owner));
        Assert.Equal(new SignInFailures("admin", Owner, 1, T0.AddMinutes(1)), await store.RecordSignInFailureAsync("admin", Owner, T0.AddMinutes(1), T0.AddDays(-1)));
        Assert.Equal(4, (await store.FindSignInFailuresAsync("admin", Guesser))!.Count);
        Assert.Null(await store.FindSignInFailuresAsync("minh", Guesser));
    }

    [Fact]
    public async Task RecordSignInFailure_CountsNamesThatDoNotExist_AsItCountsAccounts()
    {
        var store = await InitializedAsync();

        await store.RecordSignInFailureAsync("no-such-person", Guesser, T0, T0.AddDays(-1));
        var second = await store.RecordSignInFailureAsync("no-such-person", Guesser, T0.AddSeconds(1), T0.AddDays(-1));

        Assert.Equal(2, second.Count);
        Assert.Equal(0, await store.CountUsersAsync());
    }

    [Fact]
    public async Task RecordSignInFailure_StartsAgainFromOne_WhenTheLastFailureCameBeforeForgetBefore()
    {
        var store = await InitializedAsync();
        await store.RecordSignInFailureAsync("lan", Guesser, T0, T0.AddDays(-1));
        await store.RecordSignInFailureAsync("lan", Guesser, T0.AddMinutes(1), T0.AddDays(-1));

        var kept = await store.RecordSignInFailureAsync("lan", Guesser, T0.AddHours(2), T0.AddMinutes(1));
        var forgotten = await store.RecordSignInFailureAsync("lan", Guesser, T0.AddDays(3), T0.AddDays(2));

        Assert.Equal(3, kept.Count);
        Assert.Equal(new SignInFailures("lan", Guesser, 1, T0.AddDays(3)), forgotten);
    }

    [Fact]
    public async Task RecordSignInFailure_CountsEveryFailure_When20ArriveAtOnceThroughTwoStores()
    {
        var first = await InitializedAsync();
        var second = await InitializedAsync();

        // As two processes refusing the same guesser at the same moment, the first of them creating the count:
        // no failure may be lost or counted twice.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).RecordSignInFailureAsync("lan", Guesser, T0, T0.AddDays(-1)))));

        Assert.Equal(Enumerable.Range(1, 20), results.Select(f => f.Count).Order());
        Assert.Equal(20, (await second.FindSignInFailuresAsync("lan", Guesser))!.Count);
    }

    [Fact]
    public async Task ClearSignInFailures_ForgetsOneAddress_OrEveryAddressOfTheAccount_AndNoOtherAccount()
    {
        var store = await InitializedAsync();
        (string Account, string Address)[] counted = [("admin", Guesser), ("admin", Owner), ("admin", "198.51.100.1"), ("lan", Guesser)];
        foreach (var (account, address) in counted)
        {
            await store.RecordSignInFailureAsync(account, address, T0, T0.AddDays(-1));
        }

        Assert.Equal(1, await store.ClearSignInFailuresAsync("admin", Owner));
        Assert.Null(await store.FindSignInFailuresAsync("admin", Owner));
        Assert.NotNull(await store.FindSignInFailuresAsync("admin", Guesser));

        Assert.Equal(2, await store.ClearSignInFailuresAsync("admin", null));
        Assert.Equal(0, await store.ClearSignInFailuresAsync("admin", null));
        Assert.Null(await store.FindSignInFailuresAsync("admin", Guesser));
        Assert.Equal(1, (await store.FindSignInFailuresAsync("lan", Guesser))!.Count);
    }

    [Fact]
    public async Task ListSignInFailures_GivesCountsOfAtLeastTheGivenSize_SinceTheGivenTime_ByAccountThenAddress()
    {
        var store = await InitializedAsync();
        await RecordAsync(store, "lan", Owner, 3, T0);
        await RecordAsync(store, "admin", Owner, 3, T0);
        await RecordAsync(store, "admin", Guesser, 5, T0);
        await RecordAsync(store, "admin", "198.51.100.1", 2, T0);
        await RecordAsync(store, "minh", Guesser, 9, T0.AddHours(-2));

        var listed = await store.ListSignInFailuresAsync(3, T0.AddHours(-1));

        Assert.Equal(
            [new("admin", Owner, 3, T0), new("admin", Guesser, 5, T0), new("lan", Owner, 3, T0)],
            listed);
    }

    [Fact]
    public async Task PruneSignInFailures_ForgetsOnlyCountsWhoseLastFailureIsOlderThanTheCutoff()
    {
        var store = await InitializedAsync();
        await store.RecordSignInFailureAsync("old-guess", Guesser, T0.AddDays(-2), T0.AddDays(-3));
        await store.RecordSignInFailureAsync("admin", Guesser, T0.AddDays(-1), T0.AddDays(-3));
        await store.RecordSignInFailureAsync("lan", Owner, T0, T0.AddDays(-3));

        Assert.Equal(1, await store.PruneSignInFailuresAsync(T0.AddDays(-1)));

        Assert.Null(await store.FindSignInFailuresAsync("old-guess", Guesser));
        Assert.NotNull(await store.FindSignInFailuresAsync("admin", Guesser));
        Assert.NotNull(await store.FindSignInFailuresAsync("lan", Owner));
    }

    [Fact]
    public async Task Initialize_DropsTheOldAccountLock_KeepingTheUser_WhenUpgradingAVersion2Database()
    {
        await CreateVersion2DatabaseAsync();
        var store = await CreateAsync();

        await store.InitializeAsync();

        Assert.Equal(User("lan"), await store.FindUserAsync("lan"));
        Assert.Empty(await store.ListSignInFailuresAsync(1, DateTimeOffset.UnixEpoch));
        Assert.Equal(1, (await store.RecordSignInFailureAsync("lan", Guesser, T0, T0.AddDays(-1))).Count);
    }

    private static async Task RecordAsync(IAccessStore store, string account, string address, int times, DateTimeOffset at)
    {
        for (var i = 0; i < times; i++)
        {
            await store.RecordSignInFailureAsync(account, address, at, at.AddDays(-1));
        }
    }
}
