using Ioc.Core.Access;
using Ioc.Server.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Access;

/// <summary>Counts of wrong passwords are forgotten once old, so names made up by guessers do not pile up.</summary>
public sealed class AccessStorePrunerTests : IAsyncLifetime
{
    // The server's own pruner runs too, on the real clock: the test's times agree with it.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(signIn: false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Pruner_ForgetsCountsOlderThanForgetAfter_AsSoonAsItStarts_AndKeepsNewerOnes()
    {
        var store = _server.Get<IAccessStore>();
        await store.RecordSignInFailureAsync("made-up-name", "203.0.113.7", Now.AddDays(-2), Now.AddDays(-3));
        await store.RecordSignInFailureAsync("admin", "203.0.113.7", Now.AddHours(-1), Now.AddDays(-3));
        var settings = Options.Create(new AccessOptions { LockoutForgetAfter = TimeSpan.FromDays(1) });
        var clock = new FixedClock(Now);
        var sessions = new SessionRegistry(_server.Get<ISessionStore>(), clock, settings);
        using var pruner = new AccessStorePruner(store, sessions, clock, settings, NullLogger<AccessStorePruner>.Instance);

        await pruner.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await store.FindSignInFailuresAsync("made-up-name", "203.0.113.7") is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await pruner.StopAsync(CancellationToken.None);
        Assert.Null(await store.FindSignInFailuresAsync("made-up-name", "203.0.113.7"));
        Assert.NotNull(await store.FindSignInFailuresAsync("admin", "203.0.113.7"));
    }
}
