using Ioc.Core.Collecting;
using Ioc.Server.Features.Dashboards;

namespace Ioc.Server.Features.Definitions;

/// <summary>The collectors and dashboards this process serves, loaded once at start-up from the configuration store.</summary>
internal sealed class DefinitionSet
{
    private CollectorCatalog? _collectors;
    private DashboardCatalog? _dashboards;

    public CollectorCatalog Collectors => _collectors ?? throw NotLoaded();

    public DashboardCatalog Dashboards => _dashboards ?? throw NotLoaded();

    public void Set(CollectorCatalog collectors, DashboardCatalog dashboards)
    {
        _collectors = collectors;
        _dashboards = dashboards;
    }

    private static InvalidOperationException NotLoaded() =>
        new("definitions are not loaded yet: the host calls LoadDefinitionsAsync before it starts");
}
