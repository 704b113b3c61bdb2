using Ioc.Core.Metrics;
using Ioc.Server.Live;

namespace Ioc.Server.Tests.Live;

/// <summary>The sequence memo stays bounded, and a forgotten series never counts from a number a client already saw.</summary>
public sealed class LiveSequencerTests
{
    private static SeriesKey Series(int i) => new("dvc_records", [new Tag("unit", $"u{i}")]);

    [Fact]
    public void Next_KeepsAtMostTheLimit_AndAForgottenSeriesComesBackAboveItsLastNumber()
    {
        var sequencer = new LiveSequencer(maxCounters: 64);
        var highest = new Dictionary<int, long>();
        var random = new Random(6);
        for (var n = 0; n < 20_000; n++)
        {
            var i = random.Next(1_000);
            var seq = sequencer.Next(Series(i));

            Assert.True(seq > highest.GetValueOrDefault(i), $"series u{i} got {seq} after {highest.GetValueOrDefault(i)}");
            highest[i] = seq;
            Assert.True(sequencer.Count <= 64);
        }
    }

    [Fact]
    public void Next_ForgetsTheSeriesNumberedLongestAgo_SoABusySeriesKeepsCounting()
    {
        var sequencer = new LiveSequencer(maxCounters: 8);
        var busy = Series(-1);
        long last = 0;
        for (var i = 0; i < 100; i++)
        {
            last = sequencer.Next(busy);
            sequencer.Next(Series(i));
        }

        Assert.Equal(100, last);
        Assert.Equal(101, sequencer.Next(busy));
    }

    [Fact]
    public void Next_CountsFromOne_WhileNothingWasForgotten()
    {
        var sequencer = new LiveSequencer();

        Assert.Equal(1, sequencer.Next(Series(1)));
        Assert.Equal(2, sequencer.Next(Series(1)));
        Assert.Equal(1, sequencer.Next(Series(2)));
    }
}
