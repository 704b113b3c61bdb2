using Ioc.Core.Metrics;

namespace Ioc.Core.Collecting;

/// <summary>
/// Optional capability of a kind whose collectors are never scheduled: a definition of it has no <c>schedule</c>,
/// and one of any other kind must have one.
/// </summary>
public interface IUnscheduledCollectorKind : ICollectorKind;

/// <summary>
/// A collector whose figures an administrator enters, one period at a time, each with its source document; it
/// collects nothing itself. The server stores each entry and writes it as a point of <see cref="Series"/>.
/// </summary>
public interface IManualCollector : ICollector
{
    ManualSeries Series { get; }
}

/// <summary>What a manual collector accepts: the figures of one series, per period of one granularity.</summary>
/// <param name="Tags">Given to every point, from the definition.</param>
public sealed record ManualSeries(string Measurement, IReadOnlyList<Tag> Tags, PeriodGranularity Granularity, IReadOnlyList<ManualFigure> Figures)
{
    public ManualFigure? Find(string field) => Figures.FirstOrDefault(f => string.Equals(f.Field, field, StringComparison.Ordinal));
}

/// <summary>One figure entered per period: the field it is stored as, its label for people, its unit and bounds.</summary>
public sealed record ManualFigure(string Field, string Label, string? Unit, double? Min, double? Max);
