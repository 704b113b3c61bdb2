using Ioc.Collectors.HttpJson;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.HttpJson;

public sealed class HttpJsonCollectorKindTests
{
    private const string Source = "collectors/portal.yaml";

    [Fact]
    public void ValidSpec_Builds()
    {
        Assert.IsType<HttpJsonCollector>(Create("""
            url: http://127.0.0.1:5000/sim/portal/records
            headers: { Accept: application/json }
            mappings:
              - { items: "$.units[*]", measurement: dvc_records, tags: { unit: $.code, scope: province }, fields: { online_rate: $.onlineRate }, time: $.asOf }
            """));
    }

    [Fact]
    public void UnknownSpecField_IsNamedWithItsPath()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            url: http://127.0.0.1:5000/x
            mappings:
              - { measurement: m, feilds: { v: $.v } }
            """));
        Assert.StartsWith($"{Source}: spec.mappings[0].feilds: unknown field", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTopLevelField_IsNamed()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            uri: http://127.0.0.1:5000/x
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """));
        Assert.StartsWith($"{Source}: spec.uri: unknown field", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void BadPath_IsNamedWithFileAndField()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            url: http://127.0.0.1:5000/x
            mappings:
              - { measurement: m, fields: { online_rate: "$.x[" } }
            """));
        Assert.StartsWith($"{Source}: spec.mappings[0].fields.online_rate: '$.x[' is not a valid JSON path", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            url: ftp://example.org/data
            headers: { Content-Type: application/json }
            mappings:
              - { measurement: m, fields: {} }
              - items: units[*]
                fields: { time: $.t, rate: "$.units[*].rate" }
                tags: { unit: "" }
            """));
        Assert.Equal(
            [
                $"{Source}: spec.url: 'ftp://example.org/data' is not an absolute http or https URL",
                $"{Source}: spec.headers.Content-Type: not a request header a GET can send",
                $"{Source}: spec.mappings[0].fields: at least one field is required",
                $"{Source}: spec.mappings[1].items: 'units[*]' is not a valid JSON path (it must start with '$')",
                $"{Source}: spec.mappings[1].measurement: required, the name the points are stored under",
                $"{Source}: spec.mappings[1].tags.unit: a literal tag value must be non-empty text without leading or trailing spaces",
                $"{Source}: spec.mappings[1].fields.time: 'time' cannot be a tag or field name ('time', names starting with '_' and blank names are reserved)",
                $"{Source}: spec.mappings[1].fields.rate: '$.units[*].rate' must name one value; '*' belongs in items",
            ],
            ex.Problems);
    }

    [Theory]
    [InlineData("mappings: []", "spec.mappings: at least one mapping is required")]
    [InlineData("url: http://h/x", "spec.mappings: at least one mapping is required")]
    [InlineData("mappings: [ { measurement: m, fields: { v: $.v } } ]", "spec.url: required, the http(s) address to GET")]
    [InlineData("url: http://h/x\nmappings: [ { measurement: m } ]", "spec.mappings[0].fields: at least one field is required")]
    [InlineData("url: http://h/x\nmappings: [ { measurement: m, fields: { v: $.v }, tags: { year: 2025 } } ]", "spec.mappings[0].tags.year: wrong type")]
    [InlineData("url: http://h/x\nmappings: { measurement: m }", "spec.mappings: wrong type")]
    public void IncompleteSpec_IsRefused(string spec, string expected)
    {
        var ex = Assert.Throws<DefinitionException>(() => Create(spec));
        Assert.Contains(ex.Problems, p => p.StartsWith($"{Source}: {expected}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", "spec.maxResponseBytes: 0 must be a number of bytes from 1 to 1073741824 (default 10485760, 10 MB)")]
    [InlineData("2000000000", "spec.maxResponseBytes: 2000000000 must be a number of bytes from 1 to 1073741824 (default 10485760, 10 MB)")]
    [InlineData("10MB", "spec.maxResponseBytes: wrong type: a whole number of bytes, such as 10485760")]
    [InlineData("1.5", "spec.maxResponseBytes: wrong type: a whole number of bytes, such as 10485760")]
    public void MaxResponseBytes_OutOfRangeOrNotANumber_IsNamedWithFileAndField(string value, string expected)
    {
        var ex = Assert.Throws<DefinitionException>(() => Create($"url: http://h/x\nmaxResponseBytes: {value}\nmappings: [ {{ measurement: m, fields: {{ v: $.v }} }} ]"));
        Assert.Equal($"{Source}: {expected}", Assert.Single(ex.Problems));
    }

    private static ICollector Create(string spec)
    {
        var yaml = "apiVersion: ioc/v1\nid: portal\nkind: http-json\nschedule: \"*/30 * * * * *\"\nspec:\n"
            + string.Join('\n', spec.Split('\n').Select(l => "  " + l));
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string>(), Source);
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new HttpJsonCollectorKind(services.GetRequiredService<IHttpClientFactory>()).Create(definition);
    }
}
