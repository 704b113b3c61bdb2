using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>Signed-in sessions, kept by every access store adapter beside the users.</summary>
public abstract partial class AccessStoreContract
{
    private static SignInSession NewSession(string id, string user = "lan", DateTimeOffset? issued = null)
    {
        var at = issued ?? T0;
        return new SignInSession(id, user, at, at.AddDays(1), at, null);
    }

    private async Task<ISessionStore> SessionsAsync() => Assert.IsAssignableFrom<ISessionStore>(await InitializedAsync());

    [Fact]
    public async Task CreateSession_StoresEveryField_ForAnotherStoreToFind()
    {
        var sessions = await SessionsAsync();
        var session = new SignInSession("s-1", "lan", T0, T0.AddHours(24), T0.AddMinutes(5).AddTicks(10), T0.AddHours(1));

        await sessions.CreateSessionAsync(session);

        var found = await (await SessionsAsync()).FindSessionAsync("s-1");
        Assert.Equal(session, found);
        Assert.Equal(T0.AddMinutes(5).AddTicks(10).UtcTicks, found!.LastSeenAt.UtcTicks);
        Assert.Null(await sessions.FindSessionAsync("S-1"));
    }

    [Fact]
    public async Task CreateSession_FailsWithConflict_WhenTheIdExists()
    {
        var sessions = await SessionsAsync();
        await sessions.CreateSessionAsync(NewSession("s-1", "lan"));

        await Assert.ThrowsAsync<AccessConflictException>(() => sessions.CreateSessionAsync(NewSession("s-1", "minh")));

        Assert.Equal("lan", (await sessions.FindSessionAsync("s-1"))!.UserName);
    }

    [Fact]
    public async Task EndSession_EndsThatSessionOnly_AndKeepsTheFirstEndTime()
    {
        var sessions = await SessionsAsync();
        await sessions.CreateSessionAsync(NewSession("s-1"));
        await sessions.CreateSessionAsync(NewSession("s-2"));

        Assert.True(await sessions.EndSessionAsync("s-1", T0.AddMinutes(1)));
        Assert.False(await (await SessionsAsync()).EndSessionAsync("s-1", T0.AddMinutes(2)));
        Assert.False(await sessions.EndSessionAsync("missing", T0));

        Assert.Equal(T0.AddMinutes(1), (await sessions.FindSessionAsync("s-1"))!.EndedAt);
        Assert.Null((await sessions.FindSessionAsync("s-2"))!.EndedAt);
    }

    [Fact]
    public async Task TouchSession_MovesLastSeenForwardOnly()
    {
        var sessions = await SessionsAsync();
        await sessions.CreateSessionAsync(NewSession("s-1"));

        Assert.True(await sessions.TouchSessionAsync("s-1", T0.AddMinutes(10)));
        Assert.True(await (await SessionsAsync()).TouchSessionAsync("s-1", T0.AddMinutes(3)));
        Assert.False(await sessions.TouchSessionAsync("missing", T0));

        Assert.Equal(T0.AddMinutes(10), (await sessions.FindSessionAsync("s-1"))!.LastSeenAt);
    }

    [Fact]
    public async Task PruneSessions_DeletesEndedExpiredAndIdleOnes_AndKeepsLiveOnes()
    {
        var sessions = await SessionsAsync();
        await sessions.CreateSessionAsync(NewSession("ended"));
        await sessions.EndSessionAsync("ended", T0.AddMinutes(1));
        await sessions.CreateSessionAsync(NewSession("expired", issued: T0.AddDays(-2)));
        await sessions.CreateSessionAsync(NewSession("idle", issued: T0.AddHours(-13)));
        await sessions.CreateSessionAsync(NewSession("live", issued: T0.AddHours(-13)));
        await sessions.TouchSessionAsync("live", T0.AddMinutes(1));
        await sessions.CreateSessionAsync(NewSession("new", issued: T0.AddMinutes(1)));

        var pruned = await sessions.PruneSessionsAsync(T0.AddMinutes(2), T0.AddHours(-12));

        Assert.Equal(3, pruned);
        Assert.Null(await sessions.FindSessionAsync("ended"));
        Assert.Null(await sessions.FindSessionAsync("expired"));
        Assert.Null(await sessions.FindSessionAsync("idle"));
        Assert.NotNull(await sessions.FindSessionAsync("live"));
        Assert.NotNull(await sessions.FindSessionAsync("new"));
    }
}
