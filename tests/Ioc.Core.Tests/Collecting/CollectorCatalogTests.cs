using System.Text.Json.Nodes;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Core.Tests.Collecting;

public class CollectorCatalogTests
{
    private sealed class NoPoints : ICollector
    {
        public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MetricPoint>>([]);
    }

    private sealed class TestKind(string name) : ICollectorKind
    {
        public string Name => name;

        public ICollector Create(CollectorDefinition definition) =>
            definition.Spec["url"] is null
                ? throw new DefinitionException($"{definition.Source}: spec.url: required")
                : new NoPoints();
    }

    private static CollectorDefinition Definition(string id, string kind = "http-json", bool withUrl = true) => new()
    {
        Id = id,
        Name = id,
        Kind = kind,
        Schedule = "*/5 * * * *",
        Spec = withUrl ? new JsonObject { ["url"] = "https://example.org" } : [],
        Source = $"collectors/{id}.yaml",
    };

    private static readonly ICollectorKind[] Kinds = [new TestKind("http-json"), new TestKind("csv")];

    [Fact]
    public void Build_CreatesACollectorPerDefinition()
    {
        var catalog = CollectorCatalog.Build([Definition("bravo"), Definition("alpha", "csv")], Kinds);

        Assert.Equal(["alpha", "bravo"], catalog.Definitions.Select(d => d.Id));
        Assert.True(catalog.TryGet("alpha", out var definition, out var collector));
        Assert.Equal("csv", definition.Kind);
        Assert.IsType<NoPoints>(collector);
    }

    [Fact]
    public void TryGet_IsFalse_ForAnUnknownId()
    {
        var catalog = CollectorCatalog.Build([Definition("alpha")], Kinds);

        Assert.False(catalog.TryGet("bravo", out _, out _));
        Assert.False(catalog.TryGet("Alpha", out _, out _));
    }

    [Fact]
    public void Build_RefusesUnknownKind_NamingFileFieldAndKnownKinds()
    {
        var ex = Assert.Throws<DefinitionException>(() => CollectorCatalog.Build([Definition("alpha", "http-jsn")], Kinds));

        Assert.Equal("collectors/alpha.yaml: kind: 'http-jsn' is not a known collector kind (known: csv, http-json)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Build_ReportsEveryFailingDefinitionAtOnce()
    {
        var ex = Assert.Throws<DefinitionException>(() => CollectorCatalog.Build(
            [Definition("alpha", "sql"), Definition("bravo"), Definition("charlie", withUrl: false)],
            Kinds));

        Assert.Equal(2, ex.Problems.Count);
        Assert.StartsWith("collectors/alpha.yaml: kind: 'sql'", ex.Problems[0], StringComparison.Ordinal);
        Assert.Equal("collectors/charlie.yaml: spec.url: required", ex.Problems[1]);
    }

    [Fact]
    public void Build_ReportsDuplicateIds_AsADefinitionProblem()
    {
        var first = Definition("alpha");
        var second = Definition("alpha") with { Source = "other/alpha.yaml" };

        var ex = Assert.Throws<DefinitionException>(() => CollectorCatalog.Build([first, second], Kinds));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("other/alpha.yaml: id: 'alpha'", problem, StringComparison.Ordinal);
        Assert.Contains("collectors/alpha.yaml", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OfNothing_IsAnEmptyCatalog()
    {
        Assert.Empty(CollectorCatalog.Build([], Kinds).Definitions);
    }

    private sealed class EnteredKind : IUnscheduledCollectorKind
    {
        public string Name => "manual";

        public ICollector Create(CollectorDefinition definition) => new NoPoints();
    }

    [Fact]
    public void Build_RefusesADefinitionWithoutSchedule_UnlessItsKindIsNeverScheduled()
    {
        var ex = Assert.Throws<DefinitionException>(() => CollectorCatalog.Build(
            [Definition("unscheduled") with { Schedule = "" }, Definition("entered", "manual") with { Schedule = "" }],
            [.. Kinds, new EnteredKind()]));

        Assert.Equal(["collectors/unscheduled.yaml: schedule: required for a http-json collector (cron, five fields or six with seconds first)"], ex.Problems);
        Assert.Single(CollectorCatalog.Build([Definition("entered", "manual") with { Schedule = "" }], [new EnteredKind()]).Definitions);
    }

    [Fact]
    public void BuildEach_LeavesOutWhatCannotBeBuilt_AndKeepsTheRest_WithProblemsById()
    {
        var problems = new Dictionary<string, IReadOnlyList<string>>();

        var catalog = CollectorCatalog.BuildEach([Definition("alpha"), Definition("broken", withUrl: false), Definition("lost", "gone")], Kinds, problems);

        Assert.Equal(["alpha"], catalog.Definitions.Select(d => d.Id));
        Assert.Equal(["broken", "lost"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("spec.url", Assert.Single(problems["broken"]), StringComparison.Ordinal);
        Assert.Contains("'gone'", Assert.Single(problems["lost"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_SwapsEveryCollector_InTheInstanceOthersHold()
    {
        var held = CollectorCatalog.Build([Definition("alpha"), Definition("bravo")], Kinds);

        held.Replace(CollectorCatalog.Build([Definition("bravo", "csv"), Definition("charlie")], Kinds));

        Assert.Equal(["bravo", "charlie"], held.Definitions.Select(d => d.Id));
        Assert.False(held.TryGet("alpha", out _, out _));
        Assert.True(held.TryGet("bravo", out var bravo, out _));
        Assert.Equal("csv", bravo.Kind);
    }
}
