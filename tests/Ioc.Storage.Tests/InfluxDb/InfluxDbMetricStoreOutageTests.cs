using System.Diagnostics;
using System.Net;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.InfluxDb;
using Ioc.Testing;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.InfluxDb;

/// <summary>
/// InfluxDB down, slow or overloaded: every way of "not now" is a <see cref="StoreUnavailableException"/>, soon,
/// naming the URL and the reason, so the spool in front can take over.
/// </summary>
public sealed class InfluxDbMetricStoreOutageTests
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    [Fact]
    public async Task Write_ThrowsStoreUnavailableQuickly_WhenInfluxdIsStopped_AndWorksAgainAfterRestart()
    {
        await using var server = new InfluxDbServer();
        await server.InitializeAsync();
        using var store = InfluxStores.Open(server, configure: o => o.Timeout = TimeSpan.FromSeconds(5));
        await store.WriteAsync([Point("outage", "v", 1, Start)]);

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("outage", "v", 2, Start + Second)]));
        var failedAfter = clock.Elapsed;
        var readError = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.QueryLastAsync(new SeriesSelector("outage", "v")));
        var answered = await store.PingAsync();

        Assert.True(failedAfter < TimeSpan.FromSeconds(2), $"took {failedAfter} to notice a stopped influxd");
        Assert.Contains(server.Url, error.Message, StringComparison.Ordinal);
        Assert.Contains("no connection", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains(server.Url, readError.Message, StringComparison.Ordinal);
        Assert.False(answered);

        await server.StartAgainAsync();
        await store.WriteAsync([Point("outage", "v", 2, Start + Second)]);
        Assert.Equal(2, await server.CountAsync("outage", "v"));
    }

    [Fact]
    public async Task Write_CarriesRetryAfter_WhenInfluxAnswers503()
    {
        await using var stub = new StubInfluxServer
        {
            Answer = _ => (HttpStatusCode.ServiceUnavailable, new Dictionary<string, string> { ["Retry-After"] = "7" }, """{"error":"engine is busy"}"""),
        };
        using var store = InfluxStores.Open(stub.Url);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Contains("engine is busy", error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests); // Retry-After asks for longer than a blip: no second attempt in the call
    }

    [Theory]
    [InlineData("2000000000")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task Write_CapsRetryAfter_AtMaxRetryAfter_WhenInfluxAsksForLonger(string retryAfter)
    {
        await using var stub = new StubInfluxServer
        {
            Answer = _ => (HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["Retry-After"] = retryAfter }, ""),
        };
        using var store = InfluxStores.Open(stub.Url, configure: o => o.MaxRetryAfter = TimeSpan.FromSeconds(90));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task Write_CarriesAZeroRetryAfter_WhenInfluxGivesADateInThePast()
    {
        await using var stub = new StubInfluxServer
        {
            Answer = _ => (HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["Retry-After"] = "Sat, 01 Jan 2000 00:00:00 GMT" }, ""),
        };
        using var store = InfluxStores.Open(stub.Url);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 1)]
    [InlineData(HttpStatusCode.RequestTimeout, 1)]
    [InlineData(HttpStatusCode.InternalServerError, 2)]
    [InlineData(HttpStatusCode.BadGateway, 2)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 2)]
    public async Task Write_ThrowsStoreUnavailable_OnOverloadAndServerErrors_AfterAtMostOneQuickRetry(HttpStatusCode status, int attempts)
    {
        await using var stub = new StubInfluxServer { Answer = _ => (status, NoHeaders, "") };
        using var store = InfluxStores.Open(stub.Url);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.Equal(attempts, stub.Requests.Count);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryAfter);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Write_SucceedsWithoutThrowing_WhenOnlyTheFirstAttemptMeetsA5xx()
    {
        await using var stub = new StubInfluxServer { Answer = n => (n == 0 ? HttpStatusCode.BadGateway : HttpStatusCode.NoContent, NoHeaders, "") };
        using var store = InfluxStores.Open(stub.Url);

        await store.WriteAsync([Point("m", "v", 1, Start)]);

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(stub.Requests[0].Body, stub.Requests[1].Body);
    }

    [Fact]
    public async Task Write_ThrowsStoreUnavailable_WhenInfluxDoesNotAnswerWithinTheTimeout()
    {
        await using var stub = new StubInfluxServer { Delay = TimeSpan.FromSeconds(30) };
        using var store = InfluxStores.Open(stub.Url, configure: o => o.Timeout = TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.Contains("did not answer within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests); // a time-out already took the whole budget: no second attempt
    }

    [Fact]
    public async Task Write_ThrowsOperationCanceled_NotStoreUnavailable_WhenTheCallerCancels()
    {
        await using var stub = new StubInfluxServer { Delay = TimeSpan.FromSeconds(30) };
        using var store = InfluxStores.Open(stub.Url);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync([Point("m", "v", 1, Start)], cancel.Token));
    }

    [Fact]
    public async Task Write_ThrowsStoreUnavailable_WhenTheHostNameDoesNotResolve()
    {
        // .invalid never resolves (RFC 6761); without a resolver at all, the time-out gives the same answer.
        using var store = InfluxStores.Open("http://ioc-influxdb.invalid:8086", configure: o => o.Timeout = TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("m", "v", 1, Start)]));

        Assert.Contains("http://ioc-influxdb.invalid:8086", error.Message, StringComparison.Ordinal);
        Assert.False(await store.PingAsync());
    }

    [Fact]
    public async Task Write_LeavesEarlierRequestsStored_WhenALaterOneFails()
    {
        await using var stub = new StubInfluxServer { Answer = n => (n == 0 ? HttpStatusCode.NoContent : HttpStatusCode.ServiceUnavailable, NoHeaders, "") };
        using var store = InfluxStores.Open(stub.Url, configure: o => o.BatchSize = 10);
        var points = Enumerable.Range(0, 30).Select(i => Point("prefix", "v", i, Start + i * Second)).ToList();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync(points));

        // The first request went through, the second failed twice, the third was never sent.
        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(10, stub.Requests[0].Body.Split('\n').Length);
        Assert.StartsWith(LineProtocolFormatter.Format(points[10], Precision.Milliseconds), stub.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_ThrowStoreUnavailable_AndPingAnswersFalse_WhenNothingListens()
    {
        using var store = InfluxStores.Open(InfluxStores.ClosedUrl());
        var selector = new SeriesSelector("m", "v");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.QueryLastAsync(selector));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.QueryRangeAsync(new RangeQuery(selector, Start, Start + Second, 10, Aggregation.Mean)));
        Assert.False(await store.PingAsync());
    }
}
