using Ioc.Core.Kpis;

namespace Ioc.Core.ServiceIndex;

/// <summary>One count behind a score: the series it was read from, its value and the time of that value.</summary>
/// <param name="Timestamp">Unix nanoseconds of the point read.</param>
public sealed record CountReading(string Series, string Field, double Value, long Timestamp);

/// <summary>
/// Scores one unit (the province, an agency or a commune) on a <see cref="ServiceIndexTable"/> from its counts. Pure:
/// the caller reads the counts; every indicator keeps the readings it was computed from, so each point is traceable.
/// </summary>
public static class ServiceIndexEngine
{
    /// <param name="read">The unit's reading of a measure's part, or null when it has none.</param>
    public static UnitIndexScore Score(ServiceIndexTable table, Func<MeasureSeries, CountReading?> read)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(read);
        var groups = table.Groups.Select(g => ScoreGroup(g, read)).ToList();
        return new UnitIndexScore(groups.Sum(g => g.Score), table.TotalPoints, groups.Any(g => g.Estimate), groups);
    }

    private static GroupScore ScoreGroup(IndexGroup group, Func<MeasureSeries, CountReading?> read)
    {
        var indicators = group.Indicators.Select(i => ScoreIndicator(i, read)).ToList();
        return new GroupScore(group.Id, group.Name, indicators.Sum(i => i.Score), group.MaxPoints, indicators.Any(i => i.Estimate), indicators);
    }

    public static IndicatorScore ScoreIndicator(IndexIndicator indicator, Func<MeasureSeries, CountReading?> read)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(read);
        var measure = indicator.Measure;
        CountReading? numerator;
        CountReading? denominator = null;
        double? value;
        if (measure.IsRatio)
        {
            numerator = read(measure.Numerator!);
            denominator = read(measure.Denominator!);
            value = numerator is null || denominator is null ? null : measure.Compute(numerator.Value, denominator.Value);
        }
        else
        {
            numerator = read(measure.Series!);
            value = numerator?.Value;
        }

        double score;
        if (value is { } v && double.IsFinite(v))
        {
            score = indicator.Scoring.Score(v, indicator.MaxPoints);
        }
        else
        {
            value = null;
            score = indicator.Scoring.WhenNoData == NoDataScore.Full ? indicator.MaxPoints : 0;
        }

        return new IndicatorScore(indicator.Id, indicator.Name, score, indicator.MaxPoints, value, indicator.Basis, indicator.IsEstimate, numerator, denominator);
    }

    /// <summary>Standard competition ranking by total, best first: ties share a rank, and the next rank skips (1, 2, 2, 4).</summary>
    public static IReadOnlyDictionary<string, int> Rank(IEnumerable<KeyValuePair<string, double>> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var ordered = totals.OrderByDescending(t => t.Value).ToList();
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            ranks[ordered[i].Key] = i > 0 && ordered[i].Value == ordered[i - 1].Value ? ranks[ordered[i - 1].Key] : i + 1;
        }

        return ranks;
    }
}

public sealed record UnitIndexScore(double Total, double MaxPoints, bool Estimate, IReadOnlyList<GroupScore> Groups);

public sealed record GroupScore(string Id, string Name, double Score, double MaxPoints, bool Estimate, IReadOnlyList<IndicatorScore> Indicators);

/// <param name="Value">The measure's value (a percent for most), or null when it has none.</param>
public sealed record IndicatorScore(
    string Id,
    string Name,
    double Score,
    double MaxPoints,
    double? Value,
    string Basis,
    bool Estimate,
    CountReading? Numerator,
    CountReading? Denominator);
