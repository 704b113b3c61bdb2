using Ioc.Collectors.HttpJson;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.HttpJson;

public sealed class HttpJsonCollectorTests : IClassFixture<JsonSourceServer>
{
    private static readonly DateTimeOffset Slot = new(2025, 10, 15, 3, 30, 5, TimeSpan.Zero);

    private readonly JsonSourceServer _server;

    public HttpJsonCollectorTests(JsonSourceServer server) => _server = server;

    [Fact]
    public async Task Items_BecomeOnePointEach_WithPathTagsLiteralTagsAndFields()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/records.json
            mappings:
              - items: $.units[*]
                measurement: dvc_records
                tags: { unit: $.code, unit_name: $.name, level: $.level, rank: $.rank, source: portal }
                fields: { received_today: $.receivedToday, online_rate: $.onlineRate }
            """);

        Assert.Equal(3, points.Count);
        var commune = points[1];
        Assert.Equal("dvc_records", commune.Measurement);
        Assert.Equal(
            [new("level", "commune"), new("rank", "2"), new("source", "portal"), new("unit", "HT-003"), new("unit_name", "Phường Hà Huy Tập")],
            commune.Tags.ToArray());
        Assert.Equal([new("online_rate", 88.98), new("received_today", 93)], commune.Fields.ToArray());
        Assert.Equal("3.5", points[2].Series.GetTag("rank"));
        Assert.Equal("Xã Đức Thọ", points[2].Series.GetTag("unit_name"));
        Assert.All(points, p => Assert.Null(MetricValidator.Default.Validate(p)));
    }

    [Fact]
    public async Task Points_CarryTheScheduledSlot_NotTheTimeOfTheRun()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/summary.json
            mappings:
              - measurement: payments_online
                tags: { scope: province }
                fields: { transactions_today: $.transactionsToday, amount_today_vnd: $.amountTodayVnd }
            """);

        var point = Assert.Single(points);
        Assert.Equal(UnixTime.ToNanoseconds(Slot), point.Timestamp);
        Assert.Equal([new("amount_today_vnd", 6400402), new("transactions_today", 87)], point.Fields.ToArray());
    }

    [Fact]
    public async Task TimePath_ReadsIsoTextAndUnixMilliseconds()
    {
        var iso = await CollectAsync("""
            url: ${BASE}/data/summary.json
            mappings:
              - { measurement: m, fields: { v: $.transactionsToday }, time: $.asOf }
            """);
        Assert.Equal(UnixTime.ToNanoseconds(new DateTimeOffset(2025, 10, 15, 3, 30, 0, TimeSpan.Zero)), iso[0].Timestamp);

        var unixMs = await CollectAsync("""
            url: ${BASE}/data/records.json
            mappings:
              - { items: $.units, measurement: m, fields: { v: $.receivedToday }, time: $.updated }
            """);
        Assert.Equal(1_760_499_060_000L * 1_000_000, unixMs[1].Timestamp);
    }

    [Fact]
    public async Task SeveralMappings_ReadTheSameAnswer()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/records.json
            mappings:
              - { items: "$.units[0]", measurement: first, fields: { v: $.receivedToday } }
              - { items: "$['units'][*]", measurement: all, fields: { v: "$['onlineRate']" } }
            """);
        Assert.Equal(["first", "all", "all", "all"], points.Select(p => p.Measurement));
    }

    [Fact]
    public async Task Headers_AreSent()
    {
        var points = await CollectAsync("""
            url: ${BASE}/echo-headers
            headers: { X-Api-Key: khoa-bi-mat }
            mappings:
              - { measurement: m, tags: { key: $.apiKey }, fields: { v: $.value } }
            """);
        Assert.Equal("khoa-bi-mat", points[0].Series.GetTag("key"));
    }

    [Fact]
    public async Task AsOfParameter_AsksTheSourceForTheScheduledSlot()
    {
        var collector = Build("""
            url: ${BASE}/echo-query?unit=HT
            asOfParameter: at
            replayWindow: 2h
            mappings:
              - { measurement: m, tags: { at: $.at, unit: $.unit }, fields: { v: $.value } }
            """);

        var points = await collector.CollectAsync(new CollectContext("test", Slot), CancellationToken.None);

        Assert.Equal("2025-10-15T03:30:05Z", points[0].Series.GetTag("at"));
        Assert.Equal("HT", points[0].Series.GetTag("unit"));
        Assert.Equal(TimeSpan.FromHours(2), Assert.IsAssignableFrom<IReplayableCollector>(collector).ReplayWindow);
    }

    [Fact]
    public void Collector_IsNotReplayable_WithoutAsOfParameter()
    {
        var collector = Build("""
            url: ${BASE}/echo-query
            mappings: [ { measurement: m, fields: { v: $.value } } ]
            """);

        Assert.False(collector is IReplayableCollector);
        var error = Assert.Throws<DefinitionException>(() => Build("""
            url: ${BASE}/echo-query
            replayWindow: 2h
            mappings: [ { measurement: m, fields: { v: $.value } } ]
            """));
        Assert.Contains("collectors/test.yaml: spec.replayWindow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingField_FailsTheRun_NamingMappingItemAndField()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/data/missing-field.json
            mappings:
              # '[' and ']' mark flow collections in YAML, so paths with them are quoted inside { }.
              - { items: "$.units[*]", measurement: m, tags: { unit: $.code }, fields: { received: $.receivedToday, online_rate: $.onlineRate } }
            """));
        Assert.EndsWith("/data/missing-field.json: mappings[0], item 1: field 'online_rate': '$.onlineRate' is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextWhereANumberBelongs_FailsTheRun()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/data/text-number.json
            mappings:
              - { items: "$.units[*]", measurement: m, fields: { received: $.receivedToday } }
            """));
        Assert.Contains("mappings[0], item 0: field 'received': '$.receivedToday' is \"131\", not a number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingItems_FailTheRun_ButAnEmptyListGivesNoPoints()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/data/summary.json
            mappings:
              - { items: "$.units[*]", measurement: m, fields: { v: $.x } }
            """));
        Assert.Contains("mappings[0].items: '$.units[*]' is not in the answer", ex.Message, StringComparison.Ordinal);

        Assert.Empty(await CollectAsync("""
            url: ${BASE}/data/summary.json
            mappings:
              - { items: "$.empty[*]", measurement: m, fields: { v: $.x } }
            """));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(503)]
    public async Task ErrorStatus_FailsTheRun_WithStatusAndUrl(int status)
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync($$"""
            url: ${BASE}/status/{{status}}
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """));
        Assert.StartsWith($"GET {_server.BaseUrl}/status/{status} answered {status} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidJson_FailsTheRun_NamingTheUrlAndWhere_NotDumpingTheParser()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/broken-json
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """));
        Assert.Equal($"GET {_server.BaseUrl}/broken-json: the answer (application/json) is not valid JSON at line 2, byte 3", ex.Message);
    }

    [Fact]
    public async Task HtmlPage_FailsTheRun_SayingItIsAPageAndNotJson()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/not-json
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """));
        Assert.Equal($"GET {_server.BaseUrl}/not-json: the answer is an HTML page (text/html), not JSON; a sign-in or error page?", ex.Message);
    }

    [Fact]
    public async Task UnreachableSource_FailsTheRun_NamingTheUrl()
    {
        var collector = Build("""
            url: http://127.0.0.1:1/sim/portal/records
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """);
        var ex = await Assert.ThrowsAsync<CollectorException>(() => collector.CollectAsync(new CollectContext("test", Slot), CancellationToken.None));
        Assert.StartsWith("GET http://127.0.0.1:1/sim/portal/records failed: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowSource_StopsWhenTheRunIsCancelled()
    {
        var collector = Build("""
            url: ${BASE}/slow
            mappings: [ { measurement: m, fields: { v: $.v } } ]
            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collector.CollectAsync(new CollectContext("test", Slot), timeout.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private async Task<IReadOnlyList<MetricPoint>> CollectAsync(string spec) =>
        await Build(spec).CollectAsync(new CollectContext("test", Slot), CancellationToken.None);

    private ICollector Build(string spec)
    {
        var yaml = "apiVersion: ioc/v1\nid: test\nkind: http-json\nschedule: \"*/5 * * * * *\"\nspec:\n" + Indent(spec);
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["BASE"] = _server.BaseUrl }, "collectors/test.yaml");
        return new HttpJsonCollectorKind(_server.HttpClientFactory).Create(definition);
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "  " + l));
}
