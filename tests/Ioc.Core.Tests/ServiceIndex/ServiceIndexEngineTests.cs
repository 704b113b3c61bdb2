using Ioc.Core.Kpis;
using Ioc.Core.ServiceIndex;

namespace Ioc.Core.Tests.ServiceIndex;

/// <summary>The index's arithmetic against cases worked out by hand.</summary>
public sealed class ServiceIndexEngineTests
{
    private const string Inputs = "service_index_inputs";

    [Fact]
    public void Score_AddsIndicatorsIntoGroupsAndGroupsIntoTheTotal()
    {
        // on time 90/100 of 12 points = 10.8; time 70 % of legal (full 50, zero 100) → 8 × (100-70)/50 = 4.8;
        // satisfied 45/50 of 68 points = 61.2. Total 10.8 + 4.8 + 61.2 = 76.8.
        var table = Table(
            Group("progress", 20, Ratio("settled-on-time", 12, "on_time", "settled"), Ratio("settlement-time", 8, "days", "legal_days", full: 50, zero: 100)),
            Group("satisfaction", 80, Ratio("satisfied", 80 - 12, "satisfied", "ratings", basis: IndexIndicator.EstimateBasis), Ratio("spare", 12, "none", "none", whenNoData: NoDataScore.Full)));
        var counts = Counts(("on_time", 90), ("settled", 100), ("days", 700), ("legal_days", 1000), ("satisfied", 45), ("ratings", 50));

        var score = ServiceIndexEngine.Score(table, counts);

        Assert.Equal(10.8, score.Groups[0].Indicators[0].Score, 9);
        Assert.Equal(4.8, score.Groups[0].Indicators[1].Score, 9);
        Assert.Equal(70, score.Groups[0].Indicators[1].Value!.Value, 9);
        Assert.Equal(15.6, score.Groups[0].Score, 9);
        Assert.Equal(61.2, score.Groups[1].Indicators[0].Score, 9);
        Assert.Equal(12, score.Groups[1].Indicators[1].Score, 9); // no data, scored full by its rule
        Assert.Equal(15.6 + 61.2 + 12, score.Total, 9);
        Assert.Equal(100, score.MaxPoints);
    }

    [Fact]
    public void Score_ZeroDenominator_HasNoValueAndScoresByItsNoDataRule()
    {
        var zero = Ratio("payments", 6, "paid", "with_fees");
        var full = zero with { Scoring = zero.Scoring with { WhenNoData = NoDataScore.Full } };
        var counts = Counts(("paid", 0), ("with_fees", 0));

        var asZero = ServiceIndexEngine.ScoreIndicator(zero, counts);
        var asFull = ServiceIndexEngine.ScoreIndicator(full, counts);

        Assert.Null(asZero.Value);
        Assert.Equal(0, asZero.Score);
        Assert.Null(asFull.Value);
        Assert.Equal(6, asFull.Score);
        Assert.Equal(0, asZero.Denominator!.Value); // still traceable: the zero that was read
    }

    [Fact]
    public void Score_MissingSeries_HasNoValueAndNoReadings()
    {
        var score = ServiceIndexEngine.ScoreIndicator(Ratio("records-online", 8, "online", "received"), Counts(("received", 10)));

        Assert.Null(score.Value);
        Assert.Equal(0, score.Score);
        Assert.Null(score.Numerator);
        Assert.Equal(10, score.Denominator!.Value);
    }

    [Theory]
    [InlineData(120, 8)] // above full: capped at the indicator's points
    [InlineData(100, 8)]
    [InlineData(75, 4)] // zero 50, full 100: half way
    [InlineData(50, 0)]
    [InlineData(10, 0)] // below zero: never negative
    public void Score_IsLinearBetweenThresholdsAndCappedAtBothEnds(double percent, double expected)
    {
        var indicator = Ratio("records-online", 8, "online", "received", full: 100, zero: 50);

        var score = ServiceIndexEngine.ScoreIndicator(indicator, Counts(("online", percent), ("received", 100)));

        Assert.Equal(expected, score.Score, 9);
    }

    [Theory]
    [InlineData(40, 8)] // faster than the full-points mark
    [InlineData(50, 8)]
    [InlineData(80, 3.2)] // 8 × (100 − 80) / 50
    [InlineData(100, 0)]
    [InlineData(130, 0)] // slower than the legal time
    public void Score_LowerIsBetter_WhenFullIsBelowZero(double percentOfLegal, double expected)
    {
        var indicator = Ratio("settlement-time", 8, "days", "legal_days", full: 50, zero: 100);

        var score = ServiceIndexEngine.ScoreIndicator(indicator, Counts(("days", percentOfLegal * 10), ("legal_days", 1000)));

        Assert.Equal(expected, score.Score, 9);
    }

    [Fact]
    public void Score_EstimateFlag_PropagatesFromIndicatorToGroupAndTotal()
    {
        var annex = Table(Group("publicity", 50, Ratio("a", 50, "x", "y")), Group("progress", 50, Ratio("b", 50, "x", "y")));
        var oneEstimate = Table(Group("publicity", 50, Ratio("a", 50, "x", "y")), Group("progress", 50, Ratio("b", 25, "x", "y"), Ratio("c", 25, "x", "y", basis: IndexIndicator.EstimateBasis)));
        var counts = Counts(("x", 1), ("y", 2));

        var exact = ServiceIndexEngine.Score(annex, counts);
        var estimated = ServiceIndexEngine.Score(oneEstimate, counts);

        Assert.False(exact.Estimate);
        Assert.All(exact.Groups, g => Assert.False(g.Estimate));
        Assert.True(estimated.Estimate);
        Assert.False(estimated.Groups[0].Estimate);
        Assert.True(estimated.Groups[1].Estimate);
        Assert.Equal([false, true], estimated.Groups[1].Indicators.Select(i => i.Estimate));
    }

    [Fact]
    public void Score_KeepsTheReadingsBehindEachIndicator()
    {
        var indicator = Ratio("records-online", 8, "online", "received");

        var score = ServiceIndexEngine.ScoreIndicator(indicator, Counts(("online", 3), ("received", 4)));

        Assert.Equal(75, score.Value);
        Assert.Equal(6, score.Score, 9);
        Assert.Equal(new CountReading("u/online", "online", 3, 42), score.Numerator);
        Assert.Equal(new CountReading("u/received", "received", 4, 42), score.Denominator);
    }

    [Fact]
    public void Rank_TiesShareARankAndTheNextSkips()
    {
        var ranks = ServiceIndexEngine.Rank(new Dictionary<string, double> { ["a"] = 80, ["b"] = 91.5, ["c"] = 80, ["d"] = 60 });

        Assert.Equal(1, ranks["b"]);
        Assert.Equal(2, ranks["a"]);
        Assert.Equal(2, ranks["c"]);
        Assert.Equal(4, ranks["d"]);
    }

    private static Func<MeasureSeries, CountReading?> Counts(params (string Field, double Value)[] values) =>
        part => values.Where(v => v.Field == part.Field).Select(v => new CountReading($"u/{v.Field}", v.Field, v.Value, 42)).FirstOrDefault();

    private static ServiceIndexTable Table(params IndexGroup[] groups) =>
        new() { ApiVersion = "ioc/v1", Id = "t", Title = "t", Groups = groups };

    private static IndexGroup Group(string id, double max, params IndexIndicator[] indicators) =>
        new() { Id = id, Name = id, MaxPoints = max, Indicators = indicators };

    internal static IndexIndicator Ratio(
        string id,
        double max,
        string numerator,
        string denominator,
        double full = 100,
        double zero = 0,
        string basis = IndexIndicator.AnnexBasis,
        NoDataScore whenNoData = NoDataScore.Zero) =>
        new()
        {
            Id = id,
            Name = id,
            MaxPoints = max,
            Basis = basis,
            Measure = new KpiMeasure
            {
                Numerator = new MeasureSeries { Measurement = Inputs, Field = numerator },
                Denominator = new MeasureSeries { Measurement = Inputs, Field = denominator },
                Scale = 100,
            },
            Scoring = new IndexScoring { Full = full, Zero = zero, WhenNoData = whenNoData },
        };
}
