using Ioc.Core.Dashboards;

namespace Ioc.Server.Access;

/// <summary>
/// Panels that read what only leaders and admins may read (plans and their targets, the service index, unit
/// rankings): a wall screen signed in with a display token cannot draw them, so no token is issued for them.
/// </summary>
internal static class WallReadable
{
    private static readonly Dictionary<string, string> PeopleOnly = new(StringComparer.Ordinal)
    {
        ["kpi"] = "plan targets",
        ["plan-progress"] = "plan targets",
        ["service-index"] = "the service index",
        ["ranking"] = "unit rankings",
    };

    /// <summary>Why a wall screen cannot show <paramref name="dashboard"/>, naming its panels; null when it can.</summary>
    public static string? Problem(DashboardDefinition dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var panels = dashboard.Panels.Where(p => PeopleOnly.ContainsKey(p.Type)).Select(p => $"{p.Id} ({p.Type}: {PeopleOnly[p.Type]})").ToList();
        return panels.Count == 0 ? null
            : $"dashboard '{dashboard.Id}' has panels only leaders and admins may read, so a wall screen cannot show them: {string.Join(", ", panels)}; open it signed in as a leader instead";
    }
}
