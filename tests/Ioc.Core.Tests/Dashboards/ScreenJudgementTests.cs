using Ioc.Core.Screens;

namespace Ioc.Core.Tests.Dashboards;

public sealed class ScreenJudgementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Silent = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);

    private static ScreenRecord Screen(TimeSpan sinceHeartbeat, TimeSpan? sinceUpdate) =>
        new("screen-1", "t1", "Phòng trực", Now.AddDays(-3), Now - sinceHeartbeat, "node",
            new ScreenReport("operations-wall", null, "1.0.0", TimeSpan.FromDays(3), null, null, sinceUpdate is { } u ? Now - u : null, "3840×2160@1"));

    [Fact]
    public void Screen_IsSilent_AfterTwoMinutesWithoutHeartbeat_WhateverItsData()
    {
        Assert.Equal(ScreenState.Silent, ScreenJudgement.Judge(Screen(TimeSpan.FromSeconds(121), TimeSpan.Zero), Now, Now, Silent, Stale));
        Assert.Equal(ScreenState.Ok, ScreenJudgement.Judge(Screen(TimeSpan.FromSeconds(119), TimeSpan.Zero), Now, Now, Silent, Stale));
    }

    [Fact]
    public void Screen_IsStale_WhenAFreshSourceDeliveredLongAfterItsNewestData()
    {
        Assert.Equal(ScreenState.Stale, ScreenJudgement.Judge(Screen(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), Now, Now.AddSeconds(-30), Silent, Stale));
        Assert.Equal(ScreenState.Ok, ScreenJudgement.Judge(Screen(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40)), Now, Now.AddSeconds(-30), Silent, Stale));
    }

    [Fact]
    public void Screen_WithoutNews_IsOk_WhenNoSourceIsFresh()
    {
        // Late or failing sources explain an unchanging page; the tiles say so, the screen itself is fine.
        Assert.Equal(ScreenState.Ok, ScreenJudgement.Judge(Screen(TimeSpan.FromSeconds(5), TimeSpan.FromHours(5)), Now, null, Silent, Stale));
    }

    [Fact]
    public void Screen_ThatNeverReceivedData_CountsFromWhenItWasFirstSeen()
    {
        var never = Screen(TimeSpan.FromSeconds(5), null);
        Assert.Equal(ScreenState.Stale, ScreenJudgement.Judge(never, Now, Now, Silent, Stale));
        Assert.Equal(ScreenState.Ok, ScreenJudgement.Judge(never with { FirstSeenAt = Now.AddSeconds(-10) }, Now, Now, Silent, Stale));
    }

    [Theory]
    [InlineData(ScreenState.Ok, "ok")]
    [InlineData(ScreenState.Silent, "silent")]
    [InlineData(ScreenState.Stale, "stale")]
    public void States_AreNamedExactlyAsTheApiSpellsThem(ScreenState state, string name) =>
        Assert.Equal(name, ScreenJudgement.Name(state));
}
