using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class CollectorStatusBoardTests
{
    private static readonly DateTimeOffset Slot = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static CollectorRunResult Run(CollectorRunOutcome outcome, int minutes, string id = "portal") =>
        new(id, Slot.AddMinutes(minutes), outcome, 0, TimeSpan.Zero, outcome == CollectorRunOutcome.Succeeded ? null : "why");

    [Fact]
    public void Get_IsEmpty_ForACollectorThatNeverRan()
    {
        Assert.Equal(CollectorStatus.Empty, new CollectorStatusBoard().Get("portal"));
    }

    [Fact]
    public void Record_CountsConsecutiveFailures_AndKeepsTheLastSuccess()
    {
        var board = new CollectorStatusBoard();

        board.Record(Run(CollectorRunOutcome.Succeeded, 0));
        board.Record(Run(CollectorRunOutcome.Failed, 5));
        board.Record(Run(CollectorRunOutcome.Failed, 10));
        board.Record(Run(CollectorRunOutcome.Failed, 15));

        var status = board.Get("portal");
        Assert.Equal(3, status.ConsecutiveFailures);
        Assert.Equal(Slot, status.LastSuccess);
        Assert.Equal(Slot.AddMinutes(15), status.LastRun!.ScheduledTime);
    }

    [Fact]
    public void Record_ResetsFailures_OnSuccess()
    {
        var board = new CollectorStatusBoard();

        board.Record(Run(CollectorRunOutcome.Failed, 0));
        board.Record(Run(CollectorRunOutcome.Succeeded, 5));

        Assert.Equal(Run(CollectorRunOutcome.Succeeded, 5), board.Get("portal").LastRun);
        Assert.Equal(Slot.AddMinutes(5), board.Get("portal").LastSuccess);
        Assert.Equal(0, board.Get("portal").ConsecutiveFailures);
        Assert.Equal(2, board.Get("portal").Runs);
    }

    [Fact]
    public void Record_OfASkippedRun_KeepsTheFailureCount()
    {
        var board = new CollectorStatusBoard();

        board.Record(Run(CollectorRunOutcome.Failed, 0));
        board.Record(Run(CollectorRunOutcome.Skipped, 5));

        var status = board.Get("portal");
        Assert.Equal(1, status.ConsecutiveFailures);
        Assert.Equal(CollectorRunOutcome.Skipped, status.LastRun!.Outcome);
    }

    [Fact]
    public void Record_KeepsCollectorsApart()
    {
        var board = new CollectorStatusBoard();

        board.Record(Run(CollectorRunOutcome.Failed, 0, "a"));
        board.Record(Run(CollectorRunOutcome.Succeeded, 0, "b"));

        Assert.Equal(1, board.Get("a").ConsecutiveFailures);
        Assert.Equal(0, board.Get("b").ConsecutiveFailures);
    }

    [Fact]
    public void Record_KeepsNoSecretOfASourceUrl_InTheError()
    {
        var board = new CollectorStatusBoard();

        board.Record(new CollectorRunResult("portal", Slot, CollectorRunOutcome.Failed, 0, TimeSpan.Zero, "GET https://ops:pw-1@portal.example/api?key=k-1 answered 500"));

        Assert.Equal("GET https://portal.example/api?[redacted] answered 500", board.Get("portal").LastRun!.Error);
    }
}
