using Ioc.Collectors.Manual;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.Manual;

public sealed class ManualCollectorKindTests
{
    private const string Source = "collectors/dti-index.yaml";

    private static CollectorDefinition Definition(string spec, string? schedule = null) => CollectorDefinitionLoader.Parse(
        "apiVersion: ioc/v1\nid: dti-index\nkind: manual\n" + (schedule is null ? "" : $"schedule: \"{schedule}\"\n") + "spec:\n"
            + string.Join('\n', spec.Split('\n').Select(l => "  " + l)),
        new Dictionary<string, string>(),
        Source);

    private static ICollector Create(string spec, string? schedule = null) => new ManualCollectorKind().Create(Definition(spec, schedule));

    [Fact]
    public void ValidSpec_DescribesTheSeriesItAccepts()
    {
        var collector = Assert.IsAssignableFrom<IManualCollector>(Create("""
            measurement: dti
            tags: { province: ha-tinh }
            period: year
            figures:
              - { field: score, label: Điểm DTI, min: 0, max: 1 }
              - { field: rank, label: Xếp hạng, unit: /63, min: 1, max: 63 }
              - { field: places_up }
            """));

        var series = collector.Series;
        Assert.Equal("dti", series.Measurement);
        Assert.Equal([new Tag("province", "ha-tinh")], series.Tags);
        Assert.Equal(PeriodGranularity.Year, series.Granularity);
        Assert.Equal(
            [new ManualFigure("score", "Điểm DTI", null, 0, 1), new ManualFigure("rank", "Xếp hạng", "/63", 1, 63), new ManualFigure("places_up", "places_up", null, null, null)],
            series.Figures);
    }

    [Fact]
    public async Task Collect_ReturnsNoPoints_SinceFiguresAreEntered()
    {
        var collector = Create("measurement: grdp\nperiod: quarter\nfigures: [{ field: digital_share, unit: '%' }]");

        Assert.Empty(await collector.CollectAsync(new CollectContext("grdp", DateTimeOffset.UtcNow), CancellationToken.None));
    }

    [Fact]
    public void Kind_IsRegistered_AsNeverScheduled()
    {
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();

        var kind = Assert.Single(services.GetServices<ICollectorKind>(), k => k.Name == "manual");

        Assert.IsAssignableFrom<IUnscheduledCollectorKind>(kind);
    }

    [Fact]
    public void Schedule_IsRefused_PointingToTheEntryPage()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("measurement: dti\nperiod: year\nfigures: [{ field: score }]", "0 0 1 1 *"));

        Assert.Equal([$"{Source}: schedule: manual collectors have no schedule: figures are entered in /admin/collectors/dti-index/entries"], ex.Problems);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce_NamingTheField()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            measurement: "#dti"
            tags: { _province: ha-tinh, unit: " " }
            period: annual
            figures:
              - { field: score, min: 1, max: 0 }
              - { label: Xếp hạng }
              - { field: rank }
              - { field: rank, label: Hạng }
            """));

        Assert.Equal(
            [
                $"{Source}: spec.measurement: '#dti' cannot be a measurement (padded, starting with '#' or with control characters)",
                $"{Source}: spec.tags._province: '_province' cannot be a tag ('time' and names starting with '_' are reserved)",
                $"{Source}: spec.tags.unit: a value is required",
                $"{Source}: spec.period: 'annual' must be year, quarter, month or day",
                $"{Source}: spec.figures[0].min: 1 is above max 0",
                $"{Source}: spec.figures[1].field: required, the field the figure is stored as, e.g. score",
                $"{Source}: spec.figures[3].field: 'rank' is already a figure",
            ],
            ex.Problems);
    }

    [Fact]
    public void MissingParts_AreNamed()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("tags: { province: ha-tinh }"));

        Assert.Equal(
            [
                $"{Source}: spec.measurement: required, the measurement the figures are stored under, e.g. dti",
                $"{Source}: spec.period: required: year, quarter, month or day",
                $"{Source}: spec.figures: at least one figure is required (field, label, unit, min, max)",
            ],
            ex.Problems);
    }

    [Fact]
    public void UnknownField_IsNamed_WithTheFieldsAFigureKnows()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("measurement: dti\nperiod: year\nfigures: [{ field: score, maximum: 1 }]"));

        Assert.Equal([$"{Source}: spec.figures[0].maximum: unknown field (a figure knows field, label, unit, min, max)"], ex.Problems);
    }
}
