using Ioc.Collectors.Prometheus;
using Ioc.Core.Collecting;

namespace Ioc.Collectors.Tests.Prometheus;

/// <summary>Builds a <c>prometheus</c> collector from the spec part of a definition, <c>${BASE}</c> being the test server.</summary>
internal static class PrometheusSpec
{
    public static (ICollector Collector, RecordingLogger<PrometheusCollector> Log) Build(ExpositionServer server, string spec)
    {
        var yaml = "apiVersion: ioc/v1\nid: test\nkind: prometheus\nschedule: \"*/15 * * * * *\"\nspec:\n"
            + string.Join('\n', spec.Split('\n').Select(l => "  " + l));
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["BASE"] = server.BaseUrl }, "collectors/test.yaml");
        var log = new RecordingLogger<PrometheusCollector>();
        return (new PrometheusCollectorKind(server.HttpClientFactory, log).Create(definition), log);
    }
}
