using Ioc.Collectors.Prometheus;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ioc.Collectors.Tests.Prometheus;

public sealed class PrometheusCollectorKindTests
{
    private const string Source = "collectors/dc-node.yaml";

    [Fact]
    public void ValidSpec_Builds()
    {
        Assert.IsType<PrometheusCollector>(Create("""
            url: http://tttd-web-01:9100/metrics
            headers: { Authorization: Bearer abc }
            maxResponseBytes: 2097152
            targetLabels: { job: node, instance: tttd-web-01 }
            metrics:
              - name: up
              - { match: "node_filesystem_(avail|size)_bytes", labels: { fstype: ext4 }, tags: [instance, mountpoint] }
              - { name: node_memory_MemAvailable_bytes, measurement: node_memory, field: available_bytes, excludeTags: [job] }
            """));
    }

    [Fact]
    public void Kind_IsRegistered_AndBuildsFromTheContainer()
    {
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();

        var kind = Assert.Single(services.GetServices<ICollectorKind>(), k => k.Name == "prometheus");

        Assert.IsType<PrometheusCollectorKind>(kind);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            url: ftp://tttd-web-01/metrics
            headers: { Content-Type: text/plain }
            targetLabels: { _job: node, instance: " " }
            metrics:
              - { name: up, match: "up.*" }
              - { measurement: m }
              - { name: node-load1, field: time }
              - { match: "node_(load", tags: [instance], excludeTags: [job] }
              - { match: "(a)\\1" }
              - { name: up, labels: { 9x: "1", job: }, tags: [time, "instance-name"], measurement: "#m" }
            """));

        Assert.Equal(
            [
                $"{Source}: spec.url: 'ftp://tttd-web-01/metrics' is not an absolute http or https URL",
                $"{Source}: spec.headers.Content-Type: not a request header a GET can send",
                $"{Source}: spec.targetLabels._job: '_job' cannot be a tag ('time' and names starting with '_' are reserved)",
                $"{Source}: spec.targetLabels.instance: a value is required",
                $"{Source}: spec.metrics[0]: give name or match, not both",
                $"{Source}: spec.metrics[1]: name or match is required, the metric(s) to keep",
                $"{Source}: spec.metrics[2].name: 'node-load1' is not a metric name (letters, digits, '_' and ':', not starting with a digit)",
                $"{Source}: spec.metrics[2].field: field 'time' is reserved ('time' and names starting with '_' belong to the store)",
                $"{Source}: spec.metrics[3].match: 'node_(load' is not a valid regular expression: ",
                $"{Source}: spec.metrics[3]: give tags (the labels to keep) or excludeTags (the labels to leave out), not both",
                $"{Source}: spec.metrics[4].match: '(a)\\1' needs backtracking (backreferences, lookarounds…), which a regex over names does not do: ",
                $"{Source}: spec.metrics[5].labels.9x: '9x' is not a label name (letters, digits and '_', not starting with a digit)",
                $"{Source}: spec.metrics[5].labels.job: a value is required; \"\" matches samples without the label",
                $"{Source}: spec.metrics[5].measurement: '#m' cannot be a measurement (blank, starting with '#', padded or with control characters)",
                $"{Source}: spec.metrics[5].tags[0]: 'time' cannot be a tag ('time' and names starting with '_' are reserved)",
                $"{Source}: spec.metrics[5].tags[1]: 'instance-name' is not a label name (letters, digits and '_', not starting with a digit)",
            ],
            ex.Problems.Select(CutAfterColon));
    }

    [Theory]
    [InlineData("url: http://h/metrics", "spec.metrics: at least one selection is required (name or match of the metrics to keep)")]
    [InlineData("url: http://h/metrics\nmetrics: []", "spec.metrics: at least one selection is required")]
    [InlineData("metrics: [ { name: up } ]", "spec.url: required, the http(s) address to GET")]
    [InlineData("url: http://h/metrics\nmetrics: [ ~ ]", "spec.metrics[0]: empty; a selection needs name or match")]
    [InlineData("url: http://h/metrics\nmetrics: [ { match: \" \" } ]", "spec.metrics[0].match: a regular expression over metric names is required")]
    [InlineData("url: http://h/metrics\nmetrics: [ { name: up, field: \"\" } ]", "spec.metrics[0].field: field is empty")]
    [InlineData("url: http://h/metrics\nmetrics: [ { name: up, labels: { code: 500 } } ]", "spec.metrics[0].labels.code: wrong type: url, names, patterns and label values are text (quote values such as '500' or '0.5')")]
    [InlineData("url: http://h/metrics\nmetrics: [ { name: up, tags: job } ]", "spec.metrics[0].tags: wrong type")]
    [InlineData("url: http://h/metrics\nmetrics: { name: up }", "spec.metrics: wrong type")]
    [InlineData("url: http://h/metrics\nmetrics: [ { name: up, tgas: [job] } ]", "spec.metrics[0].tgas: unknown field (a selection knows name, match, labels, measurement, field, tags, excludeTags)")]
    [InlineData("uri: http://h/metrics\nmetrics: [ { name: up } ]", "spec.uri: unknown field (spec knows url, headers, maxResponseBytes, targetLabels, metrics)")]
    [InlineData("url: http://h/metrics\nmaxResponseBytes: 0\nmetrics: [ { name: up } ]", "spec.maxResponseBytes: 0 must be a number of bytes from 1 to 1073741824 (default 10485760, 10 MB)")]
    [InlineData("url: http://h/metrics\nmaxResponseBytes: 10MB\nmetrics: [ { name: up } ]", "spec.maxResponseBytes: wrong type: a whole number of bytes, such as 10485760")]
    public void IncompleteOrWrongSpec_IsRefused_NamingFileAndField(string spec, string expected)
    {
        var ex = Assert.Throws<DefinitionException>(() => Create(spec));

        Assert.Contains(ex.Problems, p => p.StartsWith($"{Source}: {expected}", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_IsAnchored_AndCannotEscapeItsAnchors()
    {
        var regex = MetricSelection.CompileMatch("node_load1|node_load5");
        Assert.Matches(regex, "node_load5");
        Assert.DoesNotMatch(regex, "node_load15");
        Assert.DoesNotMatch(regex, "xnode_load1");

        // Alone, "a)|(b" does not parse; wrapped, it would have been "^(?:a)|(b)$", matching any name with an a.
        Assert.ThrowsAny<ArgumentException>(() => MetricSelection.CompileMatch("a)|(b"));
    }

    private static string CutAfterColon(string problem)
    {
        // Regex messages come from .NET; what matters is the part this kind writes.
        foreach (var marker in new[] { "is not a valid regular expression: ", "which a regex over names does not do: " })
        {
            var at = problem.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return problem[..(at + marker.Length)];
            }
        }

        return problem;
    }

    private static ICollector Create(string spec)
    {
        var yaml = "apiVersion: ioc/v1\nid: dc-node\nkind: prometheus\nschedule: \"*/30 * * * * *\"\nspec:\n"
            + string.Join('\n', spec.Split('\n').Select(l => "  " + l));
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string>(), Source);
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new PrometheusCollectorKind(services.GetRequiredService<IHttpClientFactory>(), NullLogger<PrometheusCollector>.Instance).Create(definition);
    }
}
