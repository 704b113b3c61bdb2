namespace Ioc.Server.Features.ServiceIndex;

// The answers of /api/v1/service-index (docs/service-index.md). Scores are rounded to two decimals.

/// <param name="TrendTimes">When each value of an entry's <see cref="ServiceIndexEntry.Trend"/> was taken: the ends of past weeks or months, then <paramref name="AsOf"/>.</param>
public sealed record ServiceIndexAnswer(
    string Table,
    string Title,
    string Level,
    DateTimeOffset AsOf,
    string TrendPeriod,
    IReadOnlyList<DateTimeOffset> TrendTimes,
    IReadOnlyList<ServiceIndexEntry> Entries);

/// <param name="Code">The unit's code (province, commune) or the agency's.</param>
/// <param name="Rank">Among the entries of its level (1 is best; ties share a rank).</param>
/// <param name="Estimate">Some indicator behind the total is not taken from the decision's annex.</param>
/// <param name="Trend">The total at each of the answer's trend times; null where no counts were stored then.</param>
public sealed record ServiceIndexEntry(
    string Code,
    string Name,
    string Level,
    double Total,
    double MaxPoints,
    bool Estimate,
    int Rank,
    int RankOf,
    IReadOnlyList<ServiceIndexGroupView> Groups,
    IReadOnlyList<double?> Trend);

public sealed record ServiceIndexGroupView(string Id, string Name, double Score, double MaxPoints, bool Estimate, IReadOnlyList<ServiceIndexIndicatorView> Indicators);

/// <param name="Value">The measure's value (a percent), or null when it has none (no counts, a zero denominator).</param>
/// <param name="Basis"><c>decision-766-annex</c> or <c>estimate</c>.</param>
/// <param name="Rule">How the value is scored: the value earning every point, the one earning none, and what no data earns.</param>
public sealed record ServiceIndexIndicatorView(
    string Id,
    string Name,
    double Score,
    double MaxPoints,
    double? Value,
    string Basis,
    bool Estimate,
    ServiceIndexRule Rule,
    ServiceIndexCount? Numerator,
    ServiceIndexCount? Denominator);

public sealed record ServiceIndexRule(double Full, double Zero, string WhenNoData, double Scale);

/// <summary>A count behind a score: the series (its key, and its measurement and tags), field, value and the time it was collected.</summary>
public sealed record ServiceIndexCount(string Series, string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, double Value, DateTimeOffset Time);
