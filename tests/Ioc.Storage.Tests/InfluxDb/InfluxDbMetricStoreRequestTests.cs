using System.Net;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.InfluxDb;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.InfluxDb;

/// <summary>What goes over the wire, seen by a local HTTP server: URLs, credentials, compression.</summary>
public sealed class InfluxDbMetricStoreRequestTests
{
    private const string Token = "s3cr3t-Token_xyz0123456789==";
    private const string Password = "p4ss-Mật-khẩu";

    [Fact]
    public async Task Write_PostsGzippedLineProtocol_WithDatabaseRetentionPolicyAndPrecision()
    {
        await using var stub = new StubInfluxServer();
        using var store = InfluxStores.Open(stub.Url + "/", "ioc db", configure: o => (o.RetentionPolicy, o.GzipOnLoopback) = ("một năm", true));
        var point = Point("air", [("xã", "Nghi Phú")], "pm25", 12.5, Start + 1_500_000);

        await store.WriteAsync([point]);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/write?db=ioc%20db&rp=m%E1%BB%99t%20n%C4%83m&precision=ms", request.PathAndQuery);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal($"air,xã=Nghi\\ Phú pm25=12.5 {Start / 1_000_000 + 1}", request.Body);
    }

    [Fact]
    public async Task Write_PostsPlainLineProtocol_ToALoopbackAddress_UnlessToldToCompress()
    {
        await using var stub = new StubInfluxServer();
        using var store = InfluxStores.Open(stub.Url);

        await store.WriteAsync([Point("air", [("xã", "Nghi Phú")], "pm25", 12.5, Start)]);

        var request = Assert.Single(stub.Requests);
        Assert.Null(request.ContentEncoding);
        Assert.Equal($"air,xã=Nghi\\ Phú pm25=12.5 {Start / 1_000_000}", request.Body);
    }

    [Fact]
    public async Task Write_SendsACanonicalBodyAsItCame_AndFormatsOneAtAnotherPrecision()
    {
        await using var stub = new StubInfluxServer();
        using var store = InfluxStores.Open(stub.Url);
        var ms = Start / 1_000_000;
        var seconds = ms / 1_000;
        string Body(long first) => $"air,huyện=Cửa\\ Lò pm25=12.50 {first}\nair,huyện=Vinh pm25=7 {first + 1}\n";
        var inMilliseconds = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(Body(ms)), Precision.Milliseconds, 0, MetricValidator.Default);
        var inSeconds = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(Body(seconds)), Precision.Seconds, 0, MetricValidator.Default);

        await store.WriteAsync(inMilliseconds.Points);
        await store.WriteAsync(inSeconds.Points);

        Assert.IsType<LineProtocolPoints>(inMilliseconds.Points);
        Assert.Equal(Body(ms).TrimEnd('\n'), stub.Requests[0].Body);
        Assert.Equal($"air,huyện=Cửa\\ Lò pm25=12.5 {seconds * 1_000}\nair,huyện=Vinh pm25=7 {(seconds + 1) * 1_000}", stub.Requests[1].Body);
    }

    [Fact]
    public async Task Write_SplitsACanonicalBody_IntoBatchesOfWholeLines()
    {
        await using var stub = new StubInfluxServer();
        using var store = InfluxStores.Open(stub.Url, configure: o => o.BatchSize = 2);
        var ms = Start / 1_000_000;
        var text = string.Join('\n', Enumerable.Range(0, 5).Select(i => $"air,xã=Nghi\\ Phú pm25={i} {ms + i}"));
        var batch = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(text), Precision.Milliseconds, 0, MetricValidator.Default);

        await store.WriteAsync(batch.Points);

        Assert.IsType<LineProtocolPoints>(batch.Points);
        Assert.Equal(text.Split('\n').Chunk(2).Select(lines => string.Join('\n', lines)), stub.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Requests_KeepAPathPrefixOfTheUrl_ForAReverseProxy()
    {
        await using var stub = new StubInfluxServer { Answer = _ => (HttpStatusCode.OK, new Dictionary<string, string>(), """{"results":[{"statement_id":0}]}""") };
        using var store = InfluxStores.Open(stub.Url + "/influx", configure: o => o.Gzip = false);

        await store.WriteAsync([Point("m", "v", 1, Start)]);
        await store.QueryLastAsync(new SeriesSelector("m", "v"));
        await store.PingAsync();

        Assert.Equal(["/influx/write", "/influx/query", "/influx/ping"], stub.Requests.Select(r => r.PathAndQuery.Split('?')[0]));
        Assert.Equal("/influx/query?db=ioc_test&epoch=ns", stub.Requests[1].PathAndQuery);
        Assert.Equal("q=" + Uri.EscapeDataString("SELECT last(\"v\"::field) FROM \"m\" GROUP BY *").Replace("%20", "+", StringComparison.Ordinal), stub.Requests[1].Body);
        Assert.Null(stub.Requests[0].ContentEncoding);
    }

    [Fact]
    public async Task Requests_CarryTheToken_AsV1CompatibilityScheme_AndNoLogOrErrorShowsIt()
    {
        await using var stub = new StubInfluxServer
        {
            Answer = n => n == 0 ? (HttpStatusCode.NoContent, new Dictionary<string, string>(), "")
                : (HttpStatusCode.Unauthorized, new Dictionary<string, string>(), """{"code":"unauthorized","message":"unauthorized access"}"""),
        };
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(stub.Url, logger: logger, configure: o => o.Token = Token);

        await store.WriteAsync([Point("m", "v", 1, Start)]);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 2, Start)]));
        var readError = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.QueryLastAsync(new SeriesSelector("m", "v")));
        await store.PingAsync();

        Assert.All(stub.Requests, r => Assert.Equal($"Token {Token}", r.Authorization));
        Assert.All(stub.Requests, r => Assert.DoesNotContain(Token, r.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("unauthorized access", error.Message, StringComparison.Ordinal);
        foreach (var text in new[] { logger.AllText, error.ToString(), readError.ToString() })
        {
            Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Requests_CarryUsernameAndPassword_AsBasicAuthentication_NeverInTheUrl()
    {
        await using var stub = new StubInfluxServer { Answer = _ => (HttpStatusCode.InternalServerError, new Dictionary<string, string>(), "") };
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(stub.Url, logger: logger, configure: o => (o.Username, o.Password) = ("ioc", Password));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"ioc:{Password}"));
        Assert.All(stub.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.All(stub.Requests, r => Assert.DoesNotContain("ioc", r.PathAndQuery.Split("db=")[0], StringComparison.Ordinal));
        Assert.DoesNotContain("p4ss", logger.AllText + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_CarryNoAuthorization_WhenNoneIsConfigured()
    {
        await using var stub = new StubInfluxServer();
        using var store = InfluxStores.Open(stub.Url);

        await store.WriteAsync([Point("m", "v", 1, Start)]);

        Assert.Null(Assert.Single(stub.Requests).Authorization);
    }

    [Fact]
    public async Task Query_ThrowsInvalidOperation_WithInfluxsReason_WhenTheStatementFails()
    {
        await using var stub = new StubInfluxServer
        {
            Answer = _ => (HttpStatusCode.OK, new Dictionary<string, string>(), """{"results":[{"statement_id":0,"error":"max-select-series limit exceeded"}]}"""),
        };
        using var store = InfluxStores.Open(stub.Url);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.QueryLastAsync(new SeriesSelector("m", "v")));

        Assert.Contains("max-select-series limit exceeded", error.Message, StringComparison.Ordinal);
    }
}
