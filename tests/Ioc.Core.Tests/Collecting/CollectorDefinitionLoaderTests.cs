using Ioc.Core.Collecting;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Collecting;

public class CollectorDefinitionLoaderTests
{
    private const string Source = "collectors/portal.yaml";

    private static readonly Dictionary<string, string> NoVariables = [];

    private static string Yaml(string id = "portal-visits", string extra = "") => $"""
        apiVersion: ioc/v1
        id: {id}
        kind: http-json
        schedule: "*/5 * * * *"
        spec:
          url: https://portal.example.org/stats
        {extra}
        """;

    private static CollectorDefinition Parse(string yaml, IReadOnlyDictionary<string, string>? variables = null) =>
        CollectorDefinitionLoader.Parse(yaml, variables ?? NoVariables, Source);

    private static string SingleProblem(string yaml)
    {
        var ex = Assert.Throws<DefinitionException>(() => Parse(yaml));
        return Assert.Single(ex.Problems);
    }

    [Fact]
    public void Parse_ReadsEveryField()
    {
        var definition = Parse("""
            apiVersion: ioc/v1
            id: portal-visits
            name: Cổng dịch vụ công
            kind: http-json
            schedule: "0 */15 * * * *"
            timeout: 30s
            enabled: false
            spec:
              url: https://portal.example.org/stats
              retries: 2
            """);

        Assert.Equal("portal-visits", definition.Id);
        Assert.Equal("Cổng dịch vụ công", definition.Name);
        Assert.Equal("http-json", definition.Kind);
        Assert.Equal("0 */15 * * * *", definition.Schedule);
        Assert.Equal(TimeSpan.FromSeconds(30), definition.Timeout);
        Assert.False(definition.Enabled);
        Assert.Equal("""{"url":"https://portal.example.org/stats","retries":2}""", definition.Spec.ToJsonString());
        Assert.Equal(Source, definition.Source);
    }

    [Fact]
    public void Parse_AppliesDefaults()
    {
        var definition = Parse(Yaml());

        Assert.Equal("portal-visits", definition.Name);
        Assert.Equal(TimeSpan.FromSeconds(10), definition.Timeout);
        Assert.True(definition.Enabled);
    }

    [Fact]
    public void Parse_SubstitutesVariablesInTheSpec()
    {
        var definition = Parse(Yaml().Replace("portal.example.org", "${PORTAL_HOST}", StringComparison.Ordinal), new Dictionary<string, string> { ["PORTAL_HOST"] = "dvc.hatinh.gov.vn" });

        Assert.Equal("https://dvc.hatinh.gov.vn/stats", definition.Spec["url"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_RefusesUnknownField_NamingFileAndField()
    {
        var problem = SingleProblem(Yaml(extra: "shedule: \"* * * * *\""));

        Assert.StartsWith($"{Source}: shedule: unknown field (known: apiVersion, id,", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ioc/v2")]
    [InlineData("v1")]
    [InlineData("IOC/V1")]
    public void Parse_RefusesUnsupportedApiVersion(string apiVersion)
    {
        var problem = SingleProblem(Yaml().Replace("ioc/v1", apiVersion, StringComparison.Ordinal));

        Assert.Equal($"{Source}: apiVersion: '{apiVersion}' is not supported (expected 'ioc/v1')", problem);
    }

    [Fact]
    public void Parse_RequiresApiVersion()
    {
        Assert.Equal($"{Source}: apiVersion: required", SingleProblem(Yaml().Replace("apiVersion: ioc/v1\n", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Portal")]
    [InlineData("portal_visits")]
    [InlineData("1portal")]
    [InlineData("-portal")]
    [InlineData("cổng")]
    [InlineData("\"portal visits\"")]
    public void Parse_RefusesBadId_NamingFileAndField(string id)
    {
        Assert.StartsWith($"{Source}: id: '", SingleProblem(Yaml(id)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesIdLongerThan64()
    {
        Parse(Yaml("p" + new string('a', 63)));

        Assert.StartsWith($"{Source}: id: ", SingleProblem(Yaml("p" + new string('a', 64))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("[a]")]
    [InlineData("\"\"")]
    public void Parse_RefusesIdThatIsNotAString(string id)
    {
        Assert.StartsWith($"{Source}: id: must be a non-empty string, not ", SingleProblem(Yaml(id)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"every 5 minutes\"", "has 3 fields")]
    [InlineData("\"61 * * * *\"", "is not a valid cron expression")]
    [InlineData("\"* * * *\"", "has 4 fields")]
    public void Parse_RefusesBadSchedule_NamingFileAndField(string schedule, string expected)
    {
        var problem = SingleProblem(Yaml().Replace("\"*/5 * * * *\"", schedule, StringComparison.Ordinal));

        Assert.StartsWith($"{Source}: schedule: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("0s")]
    [InlineData("11m")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("99999999999d")]
    public void Parse_RefusesBadTimeout_NamingFileAndField(string timeout)
    {
        Assert.Equal(
            $"{Source}: timeout: '{timeout}' must be a duration such as 500ms, 10s or 2m, above zero and at most 10m",
            SingleProblem(Yaml(extra: $"timeout: {timeout}")));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10m", 600_000)]
    public void Parse_AcceptsTimeoutsAtTheLimits(string timeout, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Parse(Yaml(extra: $"timeout: {timeout}")).Timeout);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Parse_RefusesEnabledThatIsNotABoolean(string enabled)
    {
        Assert.StartsWith($"{Source}: enabled: ", SingleProblem(Yaml(extra: $"enabled: {enabled}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RequiresSpec_NamingTheKind()
    {
        var yaml = """
            apiVersion: ioc/v1
            id: portal-visits
            kind: http-json
            schedule: "*/5 * * * *"
            """;

        Assert.Equal($"{Source}: spec: required, a mapping with the http-json-specific settings", SingleProblem(yaml));
    }

    [Theory]
    [InlineData("spec: https://portal.example.org")]
    [InlineData("spec: [a, b]")]
    [InlineData("spec:")]
    public void Parse_RequiresSpecToBeAMapping(string spec)
    {
        var yaml = $"""
            apiVersion: ioc/v1
            id: portal-visits
            kind: http-json
            schedule: "*/5 * * * *"
            {spec}
            """;

        Assert.StartsWith($"{Source}: spec: required", SingleProblem(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RequiresKind()
    {
        var yaml = string.Join('\n', Yaml().Split('\n').Where(l => !l.StartsWith("kind:", StringComparison.Ordinal)));

        Assert.Equal($"{Source}: kind: required", SingleProblem(yaml));
    }

    [Fact]
    public void Parse_LeavesTheScheduleEmpty_WhenTheFileHasNone_ForTheCatalogToJudgeByKind()
    {
        var yaml = string.Join('\n', Yaml().Split('\n').Where(l => !l.StartsWith("schedule:", StringComparison.Ordinal)));

        var definition = Parse(yaml);

        Assert.Equal("", definition.Schedule);
        Assert.False(definition.IsScheduled);
    }

    [Fact]
    public void Parse_RefusesAnEmptySchedule_NamingTheField()
    {
        Assert.Equal($"{Source}: schedule: must be a non-empty string, not '\"\"'", SingleProblem(Yaml().Replace("\"*/5 * * * *\"", "\"\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_ReportsEveryProblemOfAFile_EachNamingFileAndField()
    {
        var yaml = """
            apiVersion: ioc/v9
            id: Bad_Id
            schedule: "nope"
            timeout: forever
            colour: blue
            """;

        var ex = Assert.Throws<DefinitionException>(() => Parse(yaml));

        var fields = ex.Problems.Select(p => p[(Source.Length + 2)..p.IndexOf(':', Source.Length + 2)]).Order(StringComparer.Ordinal);
        Assert.Equal(["apiVersion", "colour", "id", "kind", "schedule", "spec", "timeout"], fields);
        Assert.All(ex.Problems, p => Assert.StartsWith($"{Source}: ", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("just text")]
    [InlineData("- a\n- b")]
    [InlineData("~")]
    public void Parse_RefusesADocumentThatIsNotAMapping(string yaml)
    {
        Assert.StartsWith($"{Source}: expected a mapping", SingleProblem(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_LoadsYamlAndYmlFiles_InNameOrder()
    {
        using var folder = new TempFolder("collectors");
        folder.Write("b.yml", Yaml("bravo"));
        folder.Write("a.yaml", Yaml("alpha"));
        folder.Write("notes.md", "not a definition");
        folder.Write("c.yaml.bak", "not a definition");

        var definitions = CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables);

        Assert.Equal(["alpha", "bravo"], definitions.Select(d => d.Id));
        Assert.Equal(Path.Combine("collectors", "a.yaml"), definitions[0].Source);
    }

    [Fact]
    public void LoadDirectory_NamesFolderAndFile_WhenThePathEndsWithASeparator()
    {
        using var folder = new TempFolder("collectors");
        folder.Write("a.yaml", Yaml("alpha"));

        var definitions = CollectorDefinitionLoader.LoadDirectory(folder.Path + Path.DirectorySeparatorChar, NoVariables);

        Assert.Equal(Path.Combine("collectors", "a.yaml"), Assert.Single(definitions).Source);
    }

    [Fact]
    public void LoadDirectory_LoadsNothing_FromAnEmptyFolder()
    {
        using var folder = new TempFolder("collectors");

        Assert.Empty(CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables));
    }

    [Fact]
    public void LoadDirectory_Throws_WhenTheFolderDoesNotExist()
    {
        using var folder = new TempFolder("collectors");
        var missing = Path.Combine(folder.Path, "missing");

        var ex = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.LoadDirectory(missing, NoVariables));

        Assert.Equal($"{missing}: collector folder does not exist", Assert.Single(ex.Problems));
    }

    [Fact]
    public void LoadDirectory_ReportsDuplicateIdsAcrossFiles_NamingBothFiles()
    {
        using var folder = new TempFolder("collectors");
        folder.Write("a.yaml", Yaml("portal-visits"));
        folder.Write("b.yaml", Yaml("portal-visits"));

        var ex = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables));

        var a = Path.Combine("collectors", "a.yaml");
        var b = Path.Combine("collectors", "b.yaml");
        Assert.Equal($"{b}: id: 'portal-visits' is already used by {a}", Assert.Single(ex.Problems));
    }

    [Fact]
    public void LoadDirectory_ReportsProblemsOfSeveralFilesAtOnce()
    {
        using var folder = new TempFolder("collectors");
        folder.Write("a.yaml", Yaml("alpha", "timeout: never"));
        folder.Write("b.yaml", Yaml("bravo"));
        folder.Write("c.yaml", Yaml("charlie").Replace("ioc/v1", "ioc/v0", StringComparison.Ordinal));
        folder.Write("d.yml", "id: [unclosed");
        folder.Write("e.yaml", Yaml("echo").Replace("portal.example.org", "${MISSING}", StringComparison.Ordinal));

        var ex = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.LoadDirectory(folder.Path, NoVariables));

        Assert.Equal(4, ex.Problems.Count);
        Assert.StartsWith(Path.Combine("collectors", "a.yaml") + ": timeout: ", ex.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine("collectors", "c.yaml") + ": apiVersion: ", ex.Problems[1], StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine("collectors", "d.yml") + ": line ", ex.Problems[2], StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine("collectors", "e.yaml") + ": spec.url: unknown variable '${MISSING}'", ex.Problems[3], StringComparison.Ordinal);
        Assert.Contains(ex.Problems[3], ex.Message, StringComparison.Ordinal);
    }
}
