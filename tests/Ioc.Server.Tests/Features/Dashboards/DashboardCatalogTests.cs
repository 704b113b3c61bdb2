using Ioc.Core.Metrics;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>The memo of which dashboards a series feeds stays bounded however many series pass through.</summary>
public sealed class DashboardCatalogTests
{
    [Fact]
    public void DashboardsOf_KeepsItsMemoBounded_AndAnswersTheSameAfterStartingAfresh()
    {
        var wall = Ioc.Core.Dashboards.DashboardLoader.LoadDirectory(Path.Combine(IocServer.RepoRoot, "dashboards")).Where(d => d.Id == "operations-wall");
        var catalog = new DashboardCatalog(wall);
        var commune = new SeriesKey("dvc_records", [new Tag("level", "commune"), new Tag("unit", "x")]);
        var before = catalog.DashboardsOf(commune);

        for (var i = 0; i < DashboardCatalog.MaxMemo + 20_000; i++)
        {
            catalog.DashboardsOf(new SeriesKey("dvc_records", [new Tag("level", "commune"), new Tag("unit", $"u{i}")]));
            Assert.True(catalog.MemoCount <= DashboardCatalog.MaxMemo);
        }

        Assert.Equal(["operations-wall"], before);
        Assert.Equal(before, catalog.DashboardsOf(commune));
    }

    [Fact]
    public void DashboardsOf_AUnitPlaceholder_TakesEveryUnitsSeries_AndOnlyThoseWithAUnit()
    {
        var leaders = Ioc.Core.Dashboards.DashboardLoader.LoadDirectory(Path.Combine(IocServer.RepoRoot, "dashboards")).Where(d => d.Id == "xep-hang-xa");
        var catalog = new DashboardCatalog(leaders);

        Assert.Equal(["xep-hang-xa"], catalog.DashboardsOf(new SeriesKey("dvc_records", [new Tag("level", "commune"), new Tag("unit", "HT-001")])));
        Assert.Equal(["xep-hang-xa"], catalog.DashboardsOf(new SeriesKey("dvc_records", [new Tag("level", "province"), new Tag("unit", "42")])));
        Assert.Empty(catalog.DashboardsOf(new SeriesKey("dvc_records", [new Tag("level", "province")])));
        Assert.Empty(catalog.DashboardsOf(new SeriesKey("edoc_exchange", [new Tag("unit", "42")])));
    }
}
