using System.Globalization;
using Ioc.Core.Storage;

namespace Ioc.Core.Kpis;

/// <summary>
/// What a KPI measures, as plans, unit roll-ups and leaders' panels name it: either one series' field, or a ratio of
/// two fields (online records / all records) times <see cref="Scale"/>. A ratio over several units is the ratio of the
/// summed numerators and denominators, never a sum or mean of the units' ratios.
/// </summary>
/// <remarks>
/// YAML/JSON: <c>{ series: { measurement, tags, field }, rollUp: sum }</c> or
/// <c>{ numerator: {…}, denominator: {…}, scale: 100 }</c>. Tags select a subset of series; the unit tag (<see cref="UnitTag"/>)
/// is added by whoever asks for one unit's value, so one measure serves the province and each commune.
/// </remarks>
public sealed record KpiMeasure
{
    /// <summary>The tag naming the administrative unit a point belongs to (its code).</summary>
    public const string UnitTag = "unit";

    public MeasureSeries? Series { get; init; }

    /// <summary>For <see cref="Series"/>: <see cref="MeasureRollUp.Sum"/> for counts; <see cref="MeasureRollUp.None"/> for a value that cannot be added up across units (a rate, a score).</summary>
    public MeasureRollUp RollUp { get; init; } = MeasureRollUp.Sum;

    public MeasureSeries? Numerator { get; init; }

    public MeasureSeries? Denominator { get; init; }

    /// <summary>Multiplies a ratio: 100 for a percent.</summary>
    public double Scale { get; init; } = 1;

    public bool IsRatio => Numerator is not null || Denominator is not null;

    /// <summary>Whether values of several units may be combined into one (sums, or ratios of sums).</summary>
    public bool CanRollUp => IsRatio || RollUp == MeasureRollUp.Sum;

    /// <summary>Every series the measure reads: the series, or the numerator then the denominator.</summary>
    public IEnumerable<MeasureSeries> Parts() =>
        IsRatio ? new[] { Numerator, Denominator }.OfType<MeasureSeries>() : Series is null ? [] : [Series];

    /// <summary>The value from the parts' values; a ratio with a zero denominator has none.</summary>
    public double? Compute(double numeratorOrValue, double denominator = double.NaN)
    {
        if (!IsRatio)
        {
            return numeratorOrValue;
        }

        return denominator == 0 || double.IsNaN(denominator) ? null : Scale * numeratorOrValue / denominator;
    }

    /// <summary>Problems by path below <paramref name="path"/> (e.g. <c>targets[2].kpi.numerator.field</c>); empty when valid.</summary>
    public IReadOnlyList<(string Path, string Message)> Validate(string path)
    {
        var problems = new List<(string, string)>();
        if (IsRatio)
        {
            if (Series is not null)
            {
                problems.Add(($"{path}.series", "give either series or numerator and denominator, not both"));
            }

            if (Numerator is null)
            {
                problems.Add(($"{path}.numerator", "a ratio needs a numerator"));
            }

            if (Denominator is null)
            {
                problems.Add(($"{path}.denominator", "a ratio needs a denominator"));
            }

            if (!(Scale > 0) || double.IsInfinity(Scale))
            {
                problems.Add(($"{path}.scale", string.Create(CultureInfo.InvariantCulture, $"must be a positive number, not {Scale}")));
            }
        }
        else if (Series is null)
        {
            problems.Add((path, "give series, or numerator and denominator"));
        }

        Numerator?.Validate($"{path}.numerator", problems);
        Denominator?.Validate($"{path}.denominator", problems);
        Series?.Validate($"{path}.series", problems);
        return problems;
    }
}

public enum MeasureRollUp
{
    Sum,
    None,
}

/// <summary>One field of the series of a measurement whose tags include <see cref="Tags"/>.</summary>
public sealed record MeasureSeries
{
    public string Measurement { get; init; } = "";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string Field { get; init; } = "";

    /// <summary>The selector for one unit's series (its code as the <see cref="KpiMeasure.UnitTag"/> tag), or as written when <paramref name="unit"/> is null.</summary>
    public SeriesSelector ToSelector(string? unit = null)
    {
        if (unit is null)
        {
            return new SeriesSelector(Measurement, Tags, Field);
        }

        var tags = new Dictionary<string, string>(Tags, StringComparer.Ordinal) { [KpiMeasure.UnitTag] = unit };
        return new SeriesSelector(Measurement, tags, Field);
    }

    internal void Validate(string path, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(Measurement))
        {
            problems.Add(($"{path}.measurement", "is required"));
        }

        if (string.IsNullOrWhiteSpace(Field))
        {
            problems.Add(($"{path}.field", "is required"));
        }
    }
}
