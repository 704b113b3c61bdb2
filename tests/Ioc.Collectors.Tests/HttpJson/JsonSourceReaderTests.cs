using Ioc.Collectors.HttpJson;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.HttpJson;

/// <summary>How an http-json collector treats redirects, oversized answers and secrets in its URL.</summary>
public sealed class JsonSourceReaderTests : IClassFixture<JsonSourceServer>
{
    private static readonly DateTimeOffset Slot = new(2025, 10, 15, 3, 30, 5, TimeSpan.Zero);

    private readonly JsonSourceServer _server;

    public JsonSourceReaderTests(JsonSourceServer server) => _server = server;

    [Fact]
    public async Task RedirectToAnotherHost_FailsTheRun_NamingCollectorAndRedactedTarget_WithoutGoingThere()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("${BASE}/redirect/away/sso?token=url-secret"));

        Assert.Equal(
            $"GET {_server.BaseUrl}/redirect/away/sso?[redacted] was redirected to {_server.OtherHostUrl}/sign-in/sso?[redacted], another host or scheme: " +
            "collector 'portal' follows redirects only to the same scheme, host and port (is the source asking to sign in?)",
            ex.Message);
        Assert.Equal(0, _server.SignInHits("sso"));
    }

    [Fact]
    public async Task ClientThatFollowsRedirectsItself_StillCannotBringBackAnotherHostsAnswer()
    {
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("${BASE}/redirect/away/plain", "", services.GetRequiredService<IHttpClientFactory>()));

        Assert.Contains($"was redirected to {_server.OtherHostUrl}/sign-in/plain?[redacted], another host", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectsWithinTheSameHost_AreFollowed()
    {
        var points = await CollectAsync("${BASE}/redirect/same", "", field: "$.transactionsToday");

        Assert.Equal(87, Assert.Single(points).Fields[0].Value);
    }

    [Fact]
    public async Task EndlessRedirects_FailTheRunAfterAFew()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("${BASE}/redirect/loop"));

        Assert.Equal($"GET {_server.BaseUrl}/redirect/loop: more than {HttpSource.MaxRedirects} redirects; collector 'portal' stopped at {_server.BaseUrl}/redirect/loop", ex.Message);
    }

    [Theory]
    [InlineData("https://portal.example/a", "https://PORTAL.example:443/b?x=1", true)]
    [InlineData("https://portal.example/a", "http://portal.example/a", false)]
    [InlineData("http://portal.example/a", "https://portal.example/a", false)]
    [InlineData("https://portal.example/a", "https://portal.example:8443/a", false)]
    [InlineData("https://portal.example/a", "https://sso.portal.example/a", false)]
    public void SameOrigin_NeedsSchemeHostAndPortAlike(string url, string target, bool same)
    {
        Assert.Equal(same, HttpSource.SameOrigin(new Uri(url), new Uri(target)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswerLargerThanTheCap_FailsTheRun_WithOrWithoutContentLength(bool announce)
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync($"${{BASE}}/large?bytes=200001&announce={announce}", "maxResponseBytes: 200000"));

        var expected = announce
            ? $"GET {_server.BaseUrl}/large?[redacted]: the answer (200001 bytes) is larger than spec.maxResponseBytes (200000)"
            : $"GET {_server.BaseUrl}/large?[redacted]: the answer is larger than spec.maxResponseBytes (200000); reading stopped there";
        Assert.Equal(expected, ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswerOfExactlyTheCap_IsRead(bool announce)
    {
        var points = await CollectAsync($"${{BASE}}/large?bytes=200000&announce={announce}", "maxResponseBytes: 200000", field: "$.v");

        Assert.Equal(1, Assert.Single(points).Fields[0].Value);
    }

    [Fact]
    public async Task EndlessAnswer_StopsAtTheDefaultCapOfTenMegabytes()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("${BASE}/endless"));

        Assert.Equal($"GET {_server.BaseUrl}/endless: the answer is larger than spec.maxResponseBytes (10485760); reading stopped there", ex.Message);
    }

    [Fact]
    public async Task GzipBomb_FailsTheRun_OnItsDecompressedSize()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("${BASE}/gzip-bomb", $"maxResponseBytes: {JsonSourceServer.BombBytes / 2}"));

        Assert.EndsWith($"is larger than spec.maxResponseBytes ({JsonSourceServer.BombBytes / 2}); reading stopped there", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfoAndQuery_NeverAppearInErrors()
    {
        var url = _server.BaseUrl.Replace("http://", "http://ops:pw-secret@", StringComparison.Ordinal) + "/status/503?token=tok-secret";

        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync(url));

        Assert.Equal($"GET {_server.BaseUrl}/status/503?[redacted] answered 503 Service Unavailable", ex.Message);
    }

    private async Task<IReadOnlyList<MetricPoint>> CollectAsync(string url, string extraSpec = "", IHttpClientFactory? http = null, string field = "$.v")
    {
        var yaml = $$"""
            apiVersion: ioc/v1
            id: portal
            kind: http-json
            schedule: "*/5 * * * * *"
            spec:
              url: "{{url}}"
              {{extraSpec}}
              mappings: [ { measurement: m, fields: { v: "{{field}}" } } ]
            """;
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["BASE"] = _server.BaseUrl }, "collectors/portal.yaml");
        var collector = new HttpJsonCollectorKind(http ?? _server.HttpClientFactory).Create(definition);
        return await collector.CollectAsync(new CollectContext("portal", Slot), CancellationToken.None);
    }
}
