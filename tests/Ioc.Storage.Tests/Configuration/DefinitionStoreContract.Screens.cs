using Ioc.Core.Screens;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="IScreenStore"/> contract: every node lists the same screens, each with its newest heartbeat.</summary>
public abstract partial class DefinitionStoreContract
{
    private static readonly DateTimeOffset ScreenSeen = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    private static ScreenRecord Screen(string id, string token, int minute, string? dashboard = "operations-wall") =>
        new(id, token, "Màn hình phòng điều hành", ScreenSeen, ScreenSeen.AddMinutes(minute), "node-a",
            new ScreenReport(dashboard, null, "1.0.0+abc", TimeSpan.FromMinutes(minute), 48_000_000, 4_000_000_000,
                ScreenSeen.AddMinutes(minute).AddSeconds(-3), "3840×2160@1"));

    [Fact]
    public async Task Screens_KeepTheirFirstSeenTime_AndTheNewestHeartbeat_OnAnotherNode()
    {
        var first = (IScreenStore)await InitializedAsync();
        var second = (IScreenStore)await InitializedAsync();

        await first.SaveScreenAsync(Screen("b7c1", "token-1", 0));
        await first.SaveScreenAsync(Screen("a0f2", "token-2", 0, dashboard: null) with { TokenName = "Màn hình hội trường" });
        var newer = Screen("b7c1", "token-1", 5) with { FirstSeenAt = ScreenSeen.AddMinutes(5), Node = "node-b" };
        await second.SaveScreenAsync(newer);

        var listed = await first.ListScreensAsync();

        Assert.Equal(["a0f2", "b7c1"], listed.Select(s => s.Id).Order(StringComparer.Ordinal));
        var kept = listed.Single(s => s.Id == "b7c1");
        Assert.Equal(newer with { FirstSeenAt = ScreenSeen }, kept);
        Assert.Null(listed.Single(s => s.Id == "a0f2").Report.DashboardId);
    }

    [Fact]
    public async Task Screens_AreForgotten_OneByOne_OrWhenSilentTooLong()
    {
        var store = (IScreenStore)await InitializedAsync();
        await store.SaveScreenAsync(Screen("s1", "t", 0));
        await store.SaveScreenAsync(Screen("s2", "t", 10));
        await store.SaveScreenAsync(Screen("s3", "t", 20));

        Assert.True(await store.DeleteScreenAsync("s3"));
        Assert.False(await store.DeleteScreenAsync("s3"));
        Assert.Equal(1, await store.PruneScreensAsync(ScreenSeen.AddMinutes(5)));
        Assert.Equal(["s2"], (await store.ListScreensAsync()).Select(s => s.Id));
    }
}
