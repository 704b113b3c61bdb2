using System.Text.Json;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Manual;

/// <summary>
/// <c>kind: manual</c>: figures an administrator enters for a period (a yearly DTI rank, a quarterly GRDP share), each
/// with the document it was published in. No schedule. Every problem of a spec is reported at once, each as
/// <c>file: spec.field: what is wrong</c>.
/// </summary>
internal sealed class ManualCollectorKind : IUnscheduledCollectorKind
{
    public const string KindName = "manual";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly SpecHelp Help = new(
        "measurement, tags, period, figures",
        "measurement and period are text, tags map names to text, figures is a list",
        new Dictionary<string, string> { ["figures"] = "a figure knows field, label, unit, min, max" },
        new Dictionary<string, string> { ["$.period"] = "year, quarter, month or day" });

    public string Name => KindName;

    public ICollector Create(CollectorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var source = definition.Source;
        var options = SpecBinding.Bind<ManualCollectorOptions>(definition, SpecJson, Help);
        var problems = new List<string>();
        void Problem(string field, string text) => problems.Add($"{source}: {field}: {text}");

        if (definition.IsScheduled)
        {
            Problem("schedule", $"manual collectors have no schedule: figures are entered in /admin/collectors/{definition.Id}/entries");
        }

        var measurement = options.Measurement;
        if (string.IsNullOrWhiteSpace(measurement))
        {
            Problem("spec.measurement", "required, the measurement the figures are stored under, e.g. dti");
        }
        else if (measurement.StartsWith('#') || MetricValidator.CheckSeries(new SeriesKey(measurement, [])) is { } badMeasurement)
        {
            Problem("spec.measurement", $"'{measurement}' cannot be a measurement (padded, starting with '#' or with control characters)");
        }

        var tags = new List<Tag>();
        foreach (var (name, value) in options.Tags ?? [])
        {
            var reason = name == "time" || name.StartsWith('_')
                ? $"'{name}' cannot be a tag ('time' and names starting with '_' are reserved)"
                : string.IsNullOrWhiteSpace(value) ? "a value is required" : MetricValidator.CheckSeries(new SeriesKey("m", [new Tag(name, value)]));
            if (reason is not null)
            {
                Problem($"spec.tags.{name}", reason);
                continue;
            }

            tags.Add(new Tag(name, value!));
        }

        PeriodGranularity? granularity = options.Period switch
        {
            "year" => PeriodGranularity.Year,
            "quarter" => PeriodGranularity.Quarter,
            "month" => PeriodGranularity.Month,
            "day" => PeriodGranularity.Day,
            _ => null,
        };
        if (granularity is null)
        {
            Problem("spec.period", options.Period is null ? "required: year, quarter, month or day" : $"'{options.Period}' must be year, quarter, month or day");
        }

        var figures = new List<ManualFigure>();
        if (options.Figures is not { Count: > 0 })
        {
            Problem("spec.figures", "at least one figure is required (field, label, unit, min, max)");
        }
        else
        {
            for (var i = 0; i < options.Figures.Count; i++)
            {
                if (CheckFigure(options.Figures[i], $"spec.figures[{i}]", Problem) is { } figure)
                {
                    if (figures.Exists(f => f.Field == figure.Field))
                    {
                        Problem($"spec.figures[{i}].field", $"'{figure.Field}' is already a figure");
                        continue;
                    }

                    figures.Add(figure);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        return new ManualCollector(new ManualSeries(measurement!, tags, granularity!.Value, figures));
    }

    private static ManualFigure? CheckFigure(ManualFigureOptions? options, string at, Action<string, string> problem)
    {
        if (options is null)
        {
            problem(at, "empty; a figure needs at least field");
            return null;
        }

        var ok = true;
        if (string.IsNullOrWhiteSpace(options.Field))
        {
            problem($"{at}.field", "required, the field the figure is stored as, e.g. score");
            ok = false;
        }
        else if (MetricValidator.CheckSelector("m", null, options.Field) is { } badField)
        {
            problem($"{at}.field", badField.Reason);
            ok = false;
        }

        if (options.Min is { } min && options.Max is { } max && min > max)
        {
            problem($"{at}.min", $"{min} is above max {max}");
            ok = false;
        }

        if (options.Min is { } m && !double.IsFinite(m) || options.Max is { } x && !double.IsFinite(x))
        {
            problem(at, "min and max must be finite numbers");
            ok = false;
        }

        return ok
            ? new ManualFigure(options.Field!, string.IsNullOrWhiteSpace(options.Label) ? options.Field! : options.Label.Trim(), string.IsNullOrWhiteSpace(options.Unit) ? null : options.Unit.Trim(), options.Min, options.Max)
            : null;
    }
}
