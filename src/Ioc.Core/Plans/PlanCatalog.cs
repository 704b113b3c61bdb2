using Ioc.Core.Dashboards;

namespace Ioc.Core.Plans;

/// <summary>The loaded plans by id, and the check that every dashboard panel naming a plan or target finds it.</summary>
public sealed class PlanCatalog
{
    private readonly Dictionary<string, PlanDefinition> _byId;

    public PlanCatalog(IEnumerable<PlanDefinition> plans)
    {
        _byId = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IEnumerable<PlanDefinition> All => _byId.Values.OrderBy(p => p.Id, StringComparer.Ordinal);

    public PlanDefinition? Find(string? id) => id is null ? null : _byId.GetValueOrDefault(id);

    /// <summary>A target named <c>plan-id/target-id</c>, as a <c>kpi</c> panel names it.</summary>
    public (PlanDefinition Plan, TargetDefinition Target)? FindTarget(string? reference)
    {
        var slash = reference?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || Find(reference![..slash]) is not { } plan)
        {
            return null;
        }

        var id = reference[(slash + 1)..];
        return plan.Targets.FirstOrDefault(t => t.Id == id) is { } target ? (plan, target) : null;
    }

    /// <summary>Problems of panels naming a plan or target that does not exist, each naming the dashboard file and panel.</summary>
    public IEnumerable<string> CheckReferences(IEnumerable<DashboardDefinition> dashboards)
    {
        ArgumentNullException.ThrowIfNull(dashboards);
        foreach (var dashboard in dashboards)
        {
            for (var i = 0; i < dashboard.Panels.Count; i++)
            {
                var panel = dashboard.Panels[i];
                var where = $"{dashboard.Source}: panel '{panel.Id}' (panels[{i}])";
                if (panel.Type == PanelTypes.Kpi && FindTarget(panel.Target) is null)
                {
                    yield return $"{where}: target: '{panel.Target}' names no target of plans/ (write plan-id/target-id)";
                }

                if (panel.Type == PanelTypes.PlanProgress && Find(panel.Plan) is null)
                {
                    yield return $"{where}: plan: '{panel.Plan}' names no plan of plans/ (known: {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))})";
                }
            }
        }
    }
}
