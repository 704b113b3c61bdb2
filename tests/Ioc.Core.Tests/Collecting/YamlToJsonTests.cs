using System.Text.Json;
using System.Text.Json.Nodes;
using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class YamlToJsonTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    private static JsonObject Read(string yaml, IReadOnlyDictionary<string, string>? variables = null) =>
        Assert.IsType<JsonObject>(YamlToJson.Read(yaml, variables ?? NoVariables, "collectors/test.yaml"));

    private static DefinitionException Fails(string yaml, IReadOnlyDictionary<string, string>? variables = null) =>
        Assert.Throws<DefinitionException>(() => YamlToJson.Read(yaml, variables ?? NoVariables, "collectors/test.yaml"));

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-3", "-3")]
    [InlineData("+7", "7")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("-0.25", "-0.25")]
    public void Read_MakesPlainNumbersNumbers(string scalar, string json)
    {
        var value = Read($"v: {scalar}")["v"]!;

        Assert.Equal(JsonValueKind.Number, value.GetValueKind());
        Assert.Equal(json, value.ToJsonString());
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Read_MakesPlainBooleansBooleans(string scalar, bool expected)
    {
        Assert.Equal(expected, Read($"v: {scalar}")["v"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("v:")]
    [InlineData("v: ~")]
    [InlineData("v: null")]
    [InlineData("v: Null")]
    [InlineData("v: NULL")]
    public void Read_MakesPlainNullsNull(string yaml)
    {
        var root = Read(yaml);

        Assert.True(root.ContainsKey("v"));
        Assert.Null(root["v"]);
    }

    [Theory]
    [InlineData("v: \"1\"", "1")]
    [InlineData("v: '1.5'", "1.5")]
    [InlineData("v: \"true\"", "true")]
    [InlineData("v: 'null'", "null")]
    [InlineData("v: \"\"", "")]
    [InlineData("v: yes", "yes")]
    [InlineData("v: no", "no")]
    [InlineData("v: on", "on")]
    [InlineData("v: 0x1F", "0x1F")]
    [InlineData("v: .inf", ".inf")]
    [InlineData("v: NaN", "NaN")]
    [InlineData("v: Infinity", "Infinity")]
    [InlineData("v: 1_000", "1_000")]
    [InlineData("v: 10s", "10s")]
    [InlineData("v: 0 */5 * * *", "0 */5 * * *")]
    [InlineData("v: Phường Hà Huy Tập", "Phường Hà Huy Tập")]
    [InlineData("v: |\n  line one\n  line two\n", "line one\nline two\n")]
    public void Read_KeepsQuotedAndNonNumericScalarsStrings(string yaml, string expected)
    {
        var value = Read(yaml)["v"]!;

        Assert.Equal(JsonValueKind.String, value.GetValueKind());
        Assert.Equal(expected, value.GetValue<string>());
    }

    [Fact]
    public void Read_ConvertsNestedMappingsAndSequences()
    {
        var root = Read("""
            spec:
              url: https://example.org
              mappings:
                - measurement: dvc
                  fields: [received, 2]
                - measurement: other
            """);

        Assert.Equal(
            """{"spec":{"url":"https://example.org","mappings":[{"measurement":"dvc","fields":["received",2]},{"measurement":"other"}]}}""",
            root.ToJsonString());
    }

    [Fact]
    public void Read_SubstitutesVariables_InPlainAndQuotedStrings()
    {
        var variables = new Dictionary<string, string> { ["HOST"] = "dvc.hatinh.gov.vn", ["TOKEN"] = "s3cr3t" };

        var root = Read("url: https://${HOST}/api?x=1\nauth: \"Bearer ${TOKEN}\"\nboth: '${HOST}:${TOKEN}'", variables);

        Assert.Equal("https://dvc.hatinh.gov.vn/api?x=1", root["url"]!.GetValue<string>());
        Assert.Equal("Bearer s3cr3t", root["auth"]!.GetValue<string>());
        Assert.Equal("dvc.hatinh.gov.vn:s3cr3t", root["both"]!.GetValue<string>());
    }

    [Fact]
    public void Read_SubstitutesVariables_InsideSequences()
    {
        var root = Read("hosts:\n  - ${A}\n  - b", new Dictionary<string, string> { ["A"] = "a" });

        Assert.Equal("""["a","b"]""", root["hosts"]!.ToJsonString());
    }

    [Fact]
    public void Read_LeavesAnUnclosedPlaceholderAlone()
    {
        Assert.Equal("cost ${5", Read("v: cost ${5")["v"]!.GetValue<string>());
    }

    [Fact]
    public void Read_ReportsUnknownVariable_NamingFileFieldAndVariable()
    {
        var ex = Fails("spec:\n  url: https://${HOST}/");

        Assert.Equal("collectors/test.yaml: spec.url: unknown variable '${HOST}' (set Ioc:Variables:HOST)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Read_ReplacesASecret_FromItsSecretVariable()
    {
        var root = Read("spec:\n  headers: { Authorization: \"Bearer ${secret:PORTAL_TOKEN}\" }", new Dictionary<string, string> { ["secret:PORTAL_TOKEN"] = "tok-1" });

        Assert.Equal("Bearer tok-1", root["spec"]!["headers"]!["Authorization"]!.GetValue<string>());
    }

    [Fact]
    public void Read_ReportsUnknownSecret_NamingFileFieldAndSecret_AndWhereToAddIt()
    {
        var ex = Fails("spec:\n  url: https://portal/?key=${secret:PORTAL_TOKEN}", new Dictionary<string, string> { ["PORTAL_TOKEN"] = "not a secret" });

        Assert.Equal("collectors/test.yaml: spec.url: unknown secret 'PORTAL_TOKEN' (add it under /admin/secrets)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Read_ReportsEveryUnknownVariable_AtOnce()
    {
        var ex = Fails("a: ${ONE}\nb:\n  - x\n  - ${TWO}", new Dictionary<string, string> { ["THREE"] = "3" });

        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("collectors/test.yaml: a: unknown variable '${ONE}'", ex.Problems[0], StringComparison.Ordinal);
        Assert.Contains("collectors/test.yaml: b[1]: unknown variable '${TWO}'", ex.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsDuplicateKeys_NamingFileLineAndKey()
    {
        var ex = Fails("id: a\nname: x\nid: b\n");

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("collectors/test.yaml: line 3,", problem, StringComparison.Ordinal);
        Assert.Contains("Duplicate key id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportsNestedDuplicateKeys_NamingFileLineAndKey()
    {
        var ex = Fails("spec:\n  url: a\n  url: b\n");

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("collectors/test.yaml: line 3,", problem, StringComparison.Ordinal);
        Assert.Contains("Duplicate key url", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AllowsTheSameKey_InDifferentMappings()
    {
        var root = Read("a:\n  url: 1\nb:\n  url: 2\n");

        Assert.Equal(2, root["b"]!["url"]!.GetValue<long>());
    }

    [Fact]
    public void Read_RefusesKeysThatAreNotPlainText_NamingFileFieldAndLine()
    {
        var ex = Fails("spec:\n  ? [a, b]\n  : c\n");

        Assert.Equal("collectors/test.yaml: spec: keys must be plain text (line 2)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Read_ReportsSyntaxErrors_WithFileAndLine()
    {
        var ex = Fails("id: a\nspec: [unclosed\n");

        Assert.StartsWith("collectors/test.yaml: line ", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesSeveralDocuments()
    {
        var ex = Fails("a: 1\n---\nb: 2\n");

        Assert.Equal("collectors/test.yaml: expected exactly one YAML document, found 2", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Read_RefusesAnEmptyFile()
    {
        var ex = Fails("");

        Assert.Equal("collectors/test.yaml: expected exactly one YAML document, found 0", Assert.Single(ex.Problems));
    }
}
