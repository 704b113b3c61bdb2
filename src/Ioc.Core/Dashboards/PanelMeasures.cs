using Ioc.Core.Kpis;
using Ioc.Core.Storage;

namespace Ioc.Core.Dashboards;

/// <summary>What a panel reads, whichever way its definition names it.</summary>
public static class PanelMeasures
{
    /// <summary>A comparison or breakdown panel's measure: <c>options.measure</c>, else its one series (summed over the series it matches).</summary>
    public static KpiMeasure? Of(PanelDefinition panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Options.Measure is { } measure)
        {
            return measure;
        }

        return panel.Series is [var only]
            ? new KpiMeasure { Series = new MeasureSeries { Measurement = only.Measurement, Tags = only.Tags, Field = only.Field } }
            : null;
    }

    /// <summary>Every selector a panel reads: its series and the parts of its measure.</summary>
    public static IEnumerable<SeriesSelector> Selectors(PanelDefinition panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        foreach (var series in panel.Series)
        {
            yield return series.ToSelector();
        }

        foreach (var part in panel.Options.Measure?.Parts() ?? [])
        {
            yield return part.ToSelector();
        }
    }
}
