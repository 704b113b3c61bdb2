using System.Diagnostics.CodeAnalysis;
using Ioc.Core.Collecting;
using Ioc.Core.Plans;
using Ioc.Server.Features.Dashboards;

namespace Ioc.Server.Features.Definitions;

/// <summary>
/// The collectors and dashboards this process serves, loaded at start-up from the configuration store. The collector
/// catalog is one instance for the process's life; the reloader replaces its contents.
/// </summary>
internal sealed class DefinitionSet
{
    private CollectorCatalog? _collectors;
    private DashboardCatalog? _dashboards;
    private PlanCatalog? _plans;
    private PlaylistCatalog? _playlists;

    public CollectorCatalog Collectors => _collectors ?? throw NotLoaded();

    public DashboardCatalog Dashboards => _dashboards ?? throw NotLoaded();

    public PlanCatalog Plans => _plans ?? throw NotLoaded();

    public PlaylistCatalog Playlists => _playlists ?? throw NotLoaded();

    public bool TryGetCollectors([NotNullWhen(true)] out CollectorCatalog? collectors)
    {
        collectors = _collectors;
        return collectors is not null;
    }

    public void SetCollectors(CollectorCatalog collectors) => _collectors = collectors;

    public void SetDashboards(DashboardCatalog dashboards) => _dashboards = dashboards;

    public void SetPlans(PlanCatalog plans) => _plans = plans;

    public void SetPlaylists(PlaylistCatalog playlists) => _playlists = playlists;

    private static InvalidOperationException NotLoaded() =>
        new("definitions are not loaded yet: the host calls LoadDefinitionsAsync before it starts");
}
