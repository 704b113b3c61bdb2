using Ioc.Collectors.Prometheus;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.Prometheus;

/// <summary>How a <c>prometheus</c> collector reads its endpoint: statuses, redirects, size, content types, headers.</summary>
public sealed class PrometheusSourceTests : IClassFixture<ExpositionServer>
{
    private static readonly DateTimeOffset Slot = new(2025, 10, 15, 3, 30, 5, TimeSpan.Zero);

    private readonly ExpositionServer _server;

    public PrometheusSourceTests(ExpositionServer server) => _server = server;

    [Fact]
    public async Task BytesThatAreNotUtf8_FailTheRun()
    {
        var path = _server.Serve([.. "node_load1{host=\""u8, 0xC3, 0x28, .. "\"} 1\n"u8]);

        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync($"url: ${{BASE}}{path}\nmetrics: [ {{ name: node_load1 }} ]"));

        Assert.Equal($"GET {_server.BaseUrl}{path}: the answer is not UTF-8 text (bytes within its first lines cannot be decoded)", ex.Message);
    }

    [Fact]
    public async Task Headers_AreSent_AndTheTextFormatIsAskedFor()
    {
        var points = await CollectAsync("""
            url: ${BASE}/echo-headers
            headers: { X-Api-Key: khoa-bi-mat }
            metrics: [ { name: request_header } ]
            """);
        Assert.Equal([PrometheusCollectorKind.DefaultAccept, "khoa-bi-mat"], points.Select(p => p.Series.GetTag("value")));

        var own = await CollectAsync("""
            url: ${BASE}/echo-headers
            headers: { accept: text/plain }
            metrics: [ { name: request_header, labels: { name: accept } } ]
            """);
        Assert.Equal("text/plain", Assert.Single(own).Series.GetTag("value"));
    }

    [Fact]
    public async Task ErrorStatus_FailsTheRun_WithStatusAndUrl()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("url: ${BASE}/status/500\nmetrics: [ { name: up } ]"));

        Assert.Equal($"GET {_server.BaseUrl}/status/500 answered 500 Internal Server Error", ex.Message);
    }

    [Fact]
    public async Task RedirectToAnotherHost_FailsTheRun_WithoutGoingThere()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("url: ${BASE}/redirect/away/dc?token=url-secret\nmetrics: [ { name: up } ]"));

        Assert.Equal(
            $"GET {_server.BaseUrl}/redirect/away/dc?[redacted] was redirected to {_server.OtherHostUrl}/sign-in/dc?[redacted], another host or scheme: " +
            "collector 'test' follows redirects only to the same scheme, host and port (is the source asking to sign in?)",
            ex.Message);
        Assert.Equal(0, _server.SignInHits("dc"));
    }

    [Fact]
    public async Task RedirectWithinTheSameHost_IsFollowed()
    {
        var points = await CollectAsync("url: ${BASE}/redirect/same\nmetrics: [ { name: node_load1 } ]");

        Assert.Equal(0.42, Assert.Single(points).Fields[0].Value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswerLargerThanTheCap_FailsTheRun_WithOrWithoutContentLength(bool announce)
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() =>
            CollectAsync($"url: ${{BASE}}/large?bytes=200001&announce={announce}\nmaxResponseBytes: 200000\nmetrics: [ {{ name: up }} ]"));

        var expected = announce
            ? $"GET {_server.BaseUrl}/large?[redacted]: the answer (200001 bytes) is larger than spec.maxResponseBytes (200000)"
            : $"GET {_server.BaseUrl}/large?[redacted]: the answer is larger than spec.maxResponseBytes (200000); reading stopped there";
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public async Task AnswerOfExactlyTheCap_IsRead()
    {
        var points = await CollectAsync("url: ${BASE}/large?bytes=200000&announce=false\nmaxResponseBytes: 200000\nmetrics: [ { name: up } ]");

        Assert.Equal(1, Assert.Single(points).Fields[0].Value);
    }

    [Theory]
    [InlineData("text/html", "the answer is an HTML page (text/html), not Prometheus text; a sign-in or error page?")]
    [InlineData("application/json", "the answer is application/json, not Prometheus text (text/plain; version=0.0.4); is this the metrics endpoint?")]
    [InlineData("application/openmetrics-text; version=1.0.0", "the answer is application/openmetrics-text, not Prometheus text (text/plain; version=0.0.4); is this the metrics endpoint?")]
    public async Task AnswerThatIsNotText_FailsTheRun_SayingWhatItIs(string contentType, string expected)
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() =>
            CollectAsync($"url: ${{BASE}}/typed?type={Uri.EscapeDataString(contentType)}\nmetrics: [ {{ name: up }} ]"));

        Assert.Equal($"GET {_server.BaseUrl}/typed?[redacted]: {expected}", ex.Message);
    }

    [Fact]
    public async Task AnswerWithoutContentType_IsReadAsText()
    {
        var points = await CollectAsync("url: ${BASE}/typed\nmetrics: [ { name: up } ]");

        Assert.Equal(1, Assert.Single(points).Fields[0].Value);
    }

    [Fact]
    public async Task UnreachableSource_FailsTheRun_NamingTheUrl()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("url: http://127.0.0.1:1/metrics\nmetrics: [ { name: up } ]"));

        Assert.StartsWith("GET http://127.0.0.1:1/metrics failed: ", ex.Message, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<MetricPoint>> CollectAsync(string spec) =>
        await PrometheusSpec.Build(_server, spec).Collector.CollectAsync(new CollectContext("test", Slot), CancellationToken.None);
}
