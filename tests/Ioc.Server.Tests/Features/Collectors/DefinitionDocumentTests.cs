using Ioc.Server.Features.Collectors;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>Definitions sent as JSON are kept as the YAML they stand for; the loader's messages become problems by field; changes are described line by line.</summary>
public sealed class DefinitionDocumentTests
{
    [Fact]
    public void Json_BecomesYaml_ThatKeepsTextThatLooksLikeNumbersAsText()
    {
        var yaml = DefinitionDocument.ToYaml("""{"id":"dvc","tags":{"unit":"010","on":"true"},"timeout":"5s","limit":3,"ratio":0.5}""", DocumentFormat.Json, out var problem);

        Assert.Null(problem);
        var back = Ioc.Core.Collecting.YamlToJson.Read(yaml, new Dictionary<string, string>(), "t")!.AsObject();
        Assert.Equal("010", back["tags"]!["unit"]!.GetValue<string>());
        Assert.Equal("true", back["tags"]!["on"]!.GetValue<string>());
        Assert.Equal(3, back["limit"]!.GetValue<long>());
        Assert.Equal(0.5, back["ratio"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"id": """, "not valid JSON at line 1")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public void Json_ThatIsNoDefinition_IsOneProblemSayingWhy(string json, string expected)
    {
        DefinitionDocument.ToYaml(json, DocumentFormat.Json, out var problem);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_SplitFieldFromMessage_AndKeepMessagesWithoutAField()
    {
        var problems = DefinitionDocument.Problems(
            ["admin: spec.mappings[0].fields: at least one field is required", "admin: expected a mapping with apiVersion, id, kind: and spec", "admin: schedule: 'x' is not a cron expression: 1 field"],
            "admin");

        Assert.Equal(
            [new DefinitionProblem("spec.mappings[0].fields", "at least one field is required"), new DefinitionProblem("", "expected a mapping with apiVersion, id, kind: and spec"), new DefinitionProblem("schedule", "'x' is not a cron expression: 1 field")],
            problems);
    }

    [Fact]
    public void LineDiff_ShowsRemovedThenAddedLines_AndNothingForUnchangedOnes()
    {
        Assert.Equal("- schedule: \"0 * * * *\"\n+ schedule: \"30 * * * *\"", LineDiff.Describe("id: a\nschedule: \"0 * * * *\"\nkind: x\n", "id: a\nschedule: \"30 * * * *\"\nkind: x\n"));
        Assert.Equal("+ id: a", LineDiff.Describe("", "id: a"));
        Assert.Equal("no change", LineDiff.Describe("id: a", "id: a\n"));
    }
}
