using Ioc.Core.Collecting;
using Ioc.Server.Scheduling;

namespace Ioc.Server.Tests.Scheduling;

public sealed class MissedSlotsTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 14, 3, 0, 2, TimeSpan.Zero);
    private static readonly DateTimeOffset Slot = new(2026, 10, 14, 3, 0, 0, TimeSpan.Zero);

    private static CronSchedule Every5Seconds()
    {
        Assert.True(CronSchedule.TryParse("*/5 * * * * *", out var schedule, out _));
        return schedule!;
    }

    [Fact]
    public void SlotsBetweenTheLastRunAndThisOne_AreReplayed_OldestFirst_EachOnce()
    {
        var missed = MissedSlots.Between(Every5Seconds(), Slot.AddSeconds(-35), Slot, Now, TimeSpan.FromDays(7), limit: 100);

        Assert.Equal([.. Enumerable.Range(1, 6).Select(i => Slot.AddSeconds(-35 + (5 * i)))], missed.Replay);
        Assert.Empty(missed.Missed);
        Assert.Equal(0, missed.MissedBeyond);
    }

    [Fact]
    public void NothingIsMissed_WhenTheLastRunWasThePreviousSlot_OrIsUnknown_OrNewer()
    {
        Assert.Same(MissedSlots.None, MissedSlots.Between(Every5Seconds(), Slot.AddSeconds(-5), Slot, Now, TimeSpan.FromDays(7), 100));
        Assert.Same(MissedSlots.None, MissedSlots.Between(Every5Seconds(), null, Slot, Now, TimeSpan.FromDays(7), 100));
        Assert.Same(MissedSlots.None, MissedSlots.Between(Every5Seconds(), Slot, Slot, Now, TimeSpan.FromDays(7), 100));
        Assert.Same(MissedSlots.None, MissedSlots.Between(Every5Seconds(), Slot.AddSeconds(5), Slot, Now, TimeSpan.FromDays(7), 100));
    }

    [Fact]
    public void ASourceThatAnswersOnlyAsOfNow_HasItsMissedSlotsCounted_NotRun()
    {
        var missed = MissedSlots.Between(Every5Seconds(), Slot.AddSeconds(-20), Slot, Now, TimeSpan.Zero, limit: 100);

        Assert.Empty(missed.Replay);
        Assert.Equal([Slot.AddSeconds(-15), Slot.AddSeconds(-10), Slot.AddSeconds(-5)], missed.Missed);
        Assert.Contains("only as of now", missed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ADayLongOutage_RunsOnlyTheNewestSlotsUpToTheLimit_AndCountsTheRest()
    {
        var missed = MissedSlots.Between(Every5Seconds(), Slot.AddDays(-1), Slot, Now, TimeSpan.FromDays(7), limit: 360);

        Assert.Equal(360, missed.Replay.Count);
        Assert.Equal(Slot.AddSeconds(-5 * 360), missed.Replay[0]);
        Assert.Equal(Slot.AddSeconds(-5), missed.Replay[^1]);
        Assert.Equal(360, missed.Missed.Count);
        Assert.Equal((24 * 720) - 1 - 720, missed.MissedBeyond);
        Assert.Contains("more than 360", missed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SlotsOlderThanTheSourcesReplayWindow_AreCountedAsMissed()
    {
        var missed = MissedSlots.Between(Every5Seconds(), Slot.AddSeconds(-60), Slot, Now, TimeSpan.FromSeconds(22), limit: 100);

        Assert.Equal([Slot.AddSeconds(-20), Slot.AddSeconds(-15), Slot.AddSeconds(-10), Slot.AddSeconds(-5)], missed.Replay);
        Assert.Equal(7, missed.Missed.Count);
        Assert.Contains("replay window", missed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AGapLongerThanAWeek_IsNoOutage_AndNothingIsCaughtUp()
    {
        Assert.Same(MissedSlots.None, MissedSlots.Between(Every5Seconds(), Slot.AddDays(-8), Slot, Now, TimeSpan.FromDays(30), 100));
    }
}
