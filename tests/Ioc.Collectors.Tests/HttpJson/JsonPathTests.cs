using System.Text.Json;
using Ioc.Collectors.HttpJson;

namespace Ioc.Collectors.Tests.HttpJson;

public sealed class JsonPathTests
{
    private const string Document = """
        { "units": [ { "code": "HT-001", "n": 1 }, { "code": "HT-002", "n": 2 } ],
          "odd key": { "a.b": 7 }, "nothing": null, "empty": [] }
        """;

    [Theory]
    [InlineData("$", JsonValueKind.Object)]
    [InlineData("$.units", JsonValueKind.Array)]
    [InlineData("$.units[1].code", JsonValueKind.String)]
    [InlineData("$['units'][0]['n']", JsonValueKind.Number)]
    [InlineData("$[\"odd key\"]['a.b']", JsonValueKind.Number)]
    [InlineData("$.nothing", JsonValueKind.Null)]
    public void TryGetSingle_FollowsNamesAndIndexes(string text, JsonValueKind kind)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.True(Parse(text).TryGetSingle(document.RootElement, out var value));
        Assert.Equal(kind, value.ValueKind);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.units[2]")]
    [InlineData("$.units.code")]
    [InlineData("$.units[0].code.more")]
    [InlineData("$.Units")]
    public void TryGetSingle_IsFalse_WhenAStepIsNotThere(string text)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.False(Parse(text).TryGetSingle(document.RootElement, out _));
    }

    [Fact]
    public void Wildcard_SelectsEveryElementOrValue()
    {
        using var document = JsonDocument.Parse(Document);
        var codes = Parse("$.units[*].code").Select(document.RootElement, out var complete);
        Assert.True(complete);
        Assert.Equal(["HT-001", "HT-002"], codes.Select(c => c.GetString()));
        Assert.Equal([7], Parse("$['odd key'].*").Select(document.RootElement, out _).Select(v => v.GetInt32()));
    }

    [Fact]
    public void Select_TellsAnEmptyListFromAMissingOne()
    {
        using var document = JsonDocument.Parse(Document);
        Assert.Empty(Parse("$.empty[*]").Select(document.RootElement, out var complete));
        Assert.True(complete);
        Assert.Empty(Parse("$.absent[*]").Select(document.RootElement, out complete));
        Assert.False(complete);
    }

    [Theory]
    [InlineData("", "it must start with '$'")]
    [InlineData("units", "it must start with '$'")]
    [InlineData("$.x[", "expected a quoted name, an index or '*' after '[' at position 3")]
    [InlineData("$.", "expected a property name at position 2")]
    [InlineData("$..x", "expected a property name at position 2")]
    [InlineData("$['x'", "expected ']' at position 5")]
    [InlineData("$['x]", "the name opened at position 2 has no closing '")]
    [InlineData("$[1", "expected ']' at position 3")]
    [InlineData("$[-1]", "expected a quoted name, an index or '*' after '[' at position 1")]
    [InlineData("$x", "unexpected 'x' at position 1; expected '.' or '['")]
    [InlineData("$[99999999999]", "index at position 2 is too large")]
    public void Parse_ExplainsWhatIsWrong(string text, string error)
    {
        Assert.False(JsonPath.TryParse(text, out _, out var actual));
        Assert.Equal(error, actual);
    }

    [Fact]
    public void HasWildcard_IsTrueOnlyForPathsThatCanSelectSeveral()
    {
        Assert.True(Parse("$.units[*]").HasWildcard);
        Assert.False(Parse("$.units[0]").HasWildcard);
    }

    private static JsonPath Parse(string text)
    {
        Assert.True(JsonPath.TryParse(text, out var path, out var error), error);
        return path;
    }
}
