using Ioc.Core.Plans;

namespace Ioc.Server.Features.Plans;

/// <summary>Plans as the API and the pages read them: the catalog, the clock and the board together.</summary>
internal sealed class PlanReader(PlanCatalog catalog, TargetBoard board, TimeProvider clock)
{
    public IEnumerable<PlanDefinition> Plans(string? province) =>
        catalog.All.Where(p => province is null || string.Equals(p.Province, province, StringComparison.OrdinalIgnoreCase));

    public PlanDefinition? Find(string id) => catalog.Find(id);

    public AsOf Now() => AsOf.Current(clock.GetUtcNow());

    public AsOf At(DateOnly day) => AsOf.Of(day, clock.GetUtcNow());

    public double ServerTime() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<IReadOnlyList<TargetView>> TargetsAsync(PlanDefinition plan, AsOf asOf, string? unit, CancellationToken cancellationToken) =>
        board.TargetsAsync(plan, asOf, unit, cancellationToken);

    public async Task<PlanDetail> DetailAsync(PlanDefinition plan, AsOf asOf, string? unit, CancellationToken cancellationToken)
    {
        var targets = await board.TargetsAsync(plan, asOf, unit, cancellationToken);
        var tasks = TargetBoard.Tasks(plan, asOf.Day);
        var groups = plan.Groups.Select(g => new GroupSummary(
            g.Id, g.Title, TargetBoard.Count(targets.Where(t => t.Group == g.Id)), TargetBoard.Count(tasks.Where(t => t.Group == g.Id)))).ToList();
        var summary = new PlanSummary(
            plan.Id, plan.Title, plan.Province, plan.LegalBasis, plan.Source, asOf.Day, TargetBoard.Count(targets), TargetBoard.Count(tasks), groups);
        return new PlanDetail(summary, targets, tasks);
    }
}
