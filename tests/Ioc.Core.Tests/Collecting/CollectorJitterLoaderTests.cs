using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public sealed class CollectorJitterLoaderTests
{
    private static CollectorDefinition Parse(string schedule, string line) => CollectorDefinitionLoader.Parse(
        $"apiVersion: ioc/v1\nid: portal\nkind: http-json\nschedule: \"{schedule}\"\n{line}\nspec: {{ url: http://x }}\n", new Dictionary<string, string>(), "collectors/portal.yaml");

    [Fact]
    public void Jitter_IsRead_AndIsNoneByDefault()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), Parse("*/15 * * * * *", "jitter: 3s").Jitter);
        Assert.Equal(TimeSpan.Zero, Parse("*/15 * * * * *", "name: Cổng").Jitter);
    }

    [Theory]
    [InlineData("*/5 * * * * *", "jitter: 5s", "jitter: 5s is not shorter than the gap between the schedule's runs (5 s)")]
    [InlineData("0 */5 * * * *", "jitter: 11m", "jitter: '11m' must be a duration")]
    [InlineData("0 */5 * * * *", "jitter: later", "jitter: 'later' must be a duration")]
    public void Jitter_ThatCouldReachTheNextSlot_IsRefusedNamingFileAndField(string schedule, string line, string problem)
    {
        var refused = Assert.Throws<DefinitionException>(() => Parse(schedule, line));

        Assert.Contains($"collectors/portal.yaml: {problem}", refused.Message, StringComparison.Ordinal);
    }
}
