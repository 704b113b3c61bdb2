using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public sealed class CollectorRetriesLoaderTests
{
    private static CollectorDefinition Parse(string line) => CollectorDefinitionLoader.Parse(
        $"apiVersion: ioc/v1\nid: portal\nkind: http-json\nschedule: \"*/5 * * * * *\"\n{line}\nspec: {{ url: http://x }}\n", new Dictionary<string, string>(), "collectors/portal.yaml");

    [Fact]
    public void Retries_AreRead_AndAreTwoByDefault()
    {
        Assert.Equal(5, Parse("retries: 5").Retries);
        Assert.Equal(0, Parse("retries: 0").Retries);
        Assert.Equal(2, Parse("name: Cổng dịch vụ công").Retries);
    }

    [Theory]
    [InlineData("retries: -1", "retries: '-1' must be a whole number from 0 to 10")]
    [InlineData("retries: 11", "retries: '11' must be a whole number from 0 to 10")]
    [InlineData("retries: 1.5", "retries: '1.5' must be a whole number from 0 to 10")]
    [InlineData("retries: many", "retries: '\"many\"' must be a whole number from 0 to 10")]
    public void Retries_OutOfRange_AreRefusedNamingFileAndField(string line, string problem)
    {
        var refused = Assert.Throws<DefinitionException>(() => Parse(line));

        Assert.Contains($"collectors/portal.yaml: {problem}", refused.Message, StringComparison.Ordinal);
    }
}
