using System.Text.Json.Serialization;
using Ioc.Core.Kpis;

namespace Ioc.Core.ServiceIndex;

/// <summary>
/// The scoring table of the national service index (Decision 766/QĐ-TTg) as written in <c>indices/*.yaml</c>:
/// groups of indicators, each a <see cref="KpiMeasure"/> scored by a linear rule. <see cref="ServiceIndexTableLoader"/> validates it.
/// </summary>
public sealed record ServiceIndexTable
{
    public const string CurrentApiVersion = "ioc/v1";

    public string? ApiVersion { get; init; }

    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    /// <summary>Where the groups and indicators come from, and what is estimated.</summary>
    public string? Source { get; init; }

    /// <summary>The groups' points add up to this (100 in the decision).</summary>
    public double TotalPoints { get; init; } = 100;

    public IReadOnlyList<IndexGroup> Groups { get; init; } = [];

    [JsonIgnore]
    public string File { get; init; } = "";

    public IEnumerable<IndexIndicator> Indicators => Groups.SelectMany(g => g.Indicators);
}

public sealed record IndexGroup
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public double MaxPoints { get; init; }

    public IReadOnlyList<IndexIndicator> Indicators { get; init; } = [];
}

public sealed record IndexIndicator
{
    /// <summary>The indicator is named by the decision's annex.</summary>
    public const string AnnexBasis = "decision-766-annex";

    /// <summary>The indicator (or its rule) is inferred, so its score is an estimate.</summary>
    public const string EstimateBasis = "estimate";

    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public double MaxPoints { get; init; }

    public string Basis { get; init; } = "";

    public KpiMeasure Measure { get; init; } = new();

    public IndexScoring Scoring { get; init; } = new();

    public bool IsEstimate => Basis != AnnexBasis;
}

/// <summary>
/// Linear between two thresholds of the measure's value: <see cref="Full"/> earns the indicator's points,
/// <see cref="Zero"/> none. When <see cref="Full"/> is below <see cref="Zero"/>, lower is better (e.g. time taken vs legal time).
/// </summary>
public sealed record IndexScoring
{
    public double Full { get; init; } = 100;

    public double Zero { get; init; }

    /// <summary>What a unit scores when the measure has no value (nothing to count, a zero denominator).</summary>
    public NoDataScore WhenNoData { get; init; } = NoDataScore.Zero;

    public double Score(double value, double maxPoints)
    {
        var fraction = Full > Zero ? (value - Zero) / (Full - Zero) : (Zero - value) / (Zero - Full);
        return maxPoints * Math.Clamp(fraction, 0, 1);
    }
}

public enum NoDataScore
{
    /// <summary>No points: a unit that reports nothing is not rewarded for it.</summary>
    Zero,

    /// <summary>Full points: nothing arose that could have been done badly (no records carried fees, say).</summary>
    Full,
}
