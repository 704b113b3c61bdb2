using System.Diagnostics;
using System.Text;
using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Hostile;

/// <summary>
/// Definition files built to hurt the loader (alias bombs, huge or deeply nested files, ids that look like paths):
/// each is refused with an error naming the file, within a second, before it can cost memory or time.
/// </summary>
public sealed class HostileDefinitionFileTests
{
    private const string Collector = """
        apiVersion: ioc/v1
        id: portal
        kind: http-json
        schedule: "*/5 * * * * *"
        spec:
          url: http://127.0.0.1:1/records
          mappings:
            - measurement: dvc_records
              fields: { received_today: $.receivedToday }
        """;

    private static readonly Dictionary<string, string> NoVariables = [];

    public static TheoryData<string, string, string> HostileCollectors => new()
    {
        { "an alias bomb", AliasBomb(), "aliases" },
        { "a merge key", "apiVersion: ioc/v1\nbase: &base { kind: http-json }\nid: portal\n<<: *base\n", "aliases" },
        { "flow nesting 10,000 deep", "apiVersion: ioc/v1\nid: portal\nspec: " + new string('[', 10_000) + new string(']', 10_000) + "\n", "nested more than" },
        { "block nesting 100 deep", "apiVersion: ioc/v1\nid: portal\nspec:\n" + string.Concat(Enumerable.Range(1, 100).Select(i => new string(' ', 2 * i) + $"k{i}:\n")), "nested more than" },
        { "an id with ../", Collector.Replace("id: portal", "id: ../../etc/passwd", StringComparison.Ordinal), "id:" },
        { "an id with a slash", Collector.Replace("id: portal", "id: portal/x", StringComparison.Ordinal), "id:" },
        { "an id in capitals", Collector.Replace("id: portal", "id: Portal", StringComparison.Ordinal), "id:" },
        { "an id of 200 characters", Collector.Replace("id: portal", "id: p" + new string('x', 199), StringComparison.Ordinal), "id:" },
        { "two documents", Collector + "\n---\n" + Collector, "exactly one YAML document" },
        { "a tab-indented mess", "apiVersion: ioc/v1\n\tid: portal\n", "line" },
        { "an unknown apiVersion", Collector.Replace("ioc/v1", "ioc/v99", StringComparison.Ordinal), "apiVersion" },
        { "a key that is a mapping", "{ a: b }: value\n", "keys must be plain text" },
    };

    [Theory]
    [MemberData(nameof(HostileCollectors))]
    public void AHostileCollectorFile_IsRefusedNamingTheFile_Quickly(string what, string yaml, string mention)
    {
        using var folder = new TempFolder("collectors");
        folder.Write("hostile.yaml", yaml);
        var watch = Stopwatch.StartNew();

        var refused = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{what}: took {watch.Elapsed}");
        Assert.Contains(refused.Problems, p => p.Contains("collectors/hostile.yaml", StringComparison.Ordinal) && p.Contains(mention, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("collectors", "huge.yaml")]
    [InlineData("dashboards", "huge.json")]
    public void A50MegabyteFile_IsRefusedBySize_WithoutBeingRead(string kind, string file)
    {
        using var folder = new TempFolder(kind);
        using (var stream = File.Create(Path.Combine(folder.Path, file)))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<DefinitionException>(() =>
        {
            _ = kind == "collectors" ? CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables).Count : DashboardLoader.LoadDirectory(folder.Path).Count;
        });

        Assert.Contains($"{kind}/{file}: the file is 52,428,800 bytes", refused.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the file was read");
    }

    public static TheoryData<string, string, string> HostileDashboards => new()
    {
        { "JSON nested 10,000 deep", "{\"apiVersion\":\"ioc/v1\",\"id\":\"wall\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}", "dashboards/hostile.json" },
        { "an id with ../", """{ "apiVersion": "ioc/v1", "id": "../../etc", "title": "x", "panels": [] }""", "id:" },
        { "a panel id with ../", """{ "apiVersion": "ioc/v1", "id": "wall", "title": "x", "panels": [{ "id": "../p", "type": "stat", "title": "p", "series": [{ "measurement": "m", "field": "f" }] }] }""", "id:" },
        { "maxSeries of a million", """{ "apiVersion": "ioc/v1", "id": "wall", "title": "x", "panels": [{ "id": "p", "type": "bar", "title": "p", "series": [{ "measurement": "m", "field": "f" }], "options": { "maxSeries": 1000000 } }] }""", "options.maxSeries" },
        { "not JSON at all", "apiVersion: ioc/v1", "dashboards/hostile.json" },
    };

    [Theory]
    [MemberData(nameof(HostileDashboards))]
    public void AHostileDashboardFile_IsRefusedNamingTheFile_Quickly(string what, string json, string mention)
    {
        using var folder = new TempFolder("dashboards");
        folder.Write("hostile.json", json);
        var watch = Stopwatch.StartNew();

        var refused = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(folder.Path));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{what}: took {watch.Elapsed}");
        Assert.Contains(refused.Problems, p => p.Contains("dashboards/hostile.json", StringComparison.Ordinal) && p.Contains(mention, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoFilesWithOneId_AreRefusedNamingBoth()
    {
        using var folder = new TempFolder("collectors");
        folder.Write("a.yaml", Collector);
        folder.Write("b.yaml", Collector);

        var refused = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables));

        Assert.Contains("collectors/b.yaml: id: 'portal' is already used by collectors/a.yaml", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Nine levels of nine aliases each: a billion scalars once expanded, a kilobyte as written.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("apiVersion: ioc/v1\nid: portal\na0: &a0 [\"lol\"]\n");
        for (var level = 1; level <= 9; level++)
        {
            yaml.Append('a').Append(level).Append(": &a").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", 9)).Append("]\n");
        }

        return yaml.Append("spec: *a9\n").ToString();
    }
}
