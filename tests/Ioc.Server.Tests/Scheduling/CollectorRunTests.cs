using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Scheduling;

public sealed class SimulatorServerFixture : IAsyncLifetime
{
    // A weekday mid-morning in Hà Tĩnh (UTC+7), when the portal is busy.
    public static readonly DateTimeOffset Now = new(2026, 10, 14, 3, 0, 0, TimeSpan.Zero);

    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await IocServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(new FixedClock(Now)));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class CollectorRunTests(SimulatorServerFixture fixture) : IClassFixture<SimulatorServerFixture>
{
    private IocServer Server => fixture.Server;

    private static DateTimeOffset Slot => SimulatorServerFixture.Now.AddSeconds(-10);

    [Fact]
    public async Task RecordsCollector_WritesWhatThePortalReports_StampedWithTheSlot()
    {
        var runner = Server.Get<CollectorRunner>();
        var id = RecordsCollectorId();

        var result = await runner.RunAsync(id, Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        // The collector asks the portal for its slot (spec.asOfParameter), so the figures are those as of the slot.
        using var portal = JsonDocument.Parse(await Server.Http.GetStringAsync($"/sim/portal/records?at={Slot:yyyy-MM-ddTHH:mm:ssZ}"));
        var units = portal.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(units.Count, result.Points);
        var store = Server.Get<IMetricStore>();
        var rates = await store.QueryLastAsync(new SeriesSelector("dvc_records", "online_rate"));
        Assert.Equal(units.Count, rates.Count);
        foreach (var unit in units)
        {
            var code = unit.GetProperty("code").GetString()!;
            var stored = Assert.Single(rates, r => r.Series.GetTag("unit") == code);
            Assert.Equal(unit.GetProperty("onlineRate").GetDouble(), stored.Value);
            var received = await store.QueryLastAsync(new SeriesSelector("dvc_records", new Dictionary<string, string> { ["unit"] = code }, "received_ytd"));
            Assert.Equal(unit.GetProperty("receivedYtd").GetDouble(), Assert.Single(received).Value);
            Assert.Equal(unit.GetProperty("name").GetString(), stored.Series.GetTag("unit_name"));
            Assert.Equal(UnixTime.ToNanoseconds(Slot), stored.Timestamp);
        }
    }

    [Fact]
    public async Task RepeatedRunOfOneSlot_OverwritesInsteadOfDuplicating()
    {
        var runner = Server.Get<CollectorRunner>();
        var id = RecordsCollectorId();
        var slot = Slot.AddMinutes(-30);

        Assert.Equal(CollectorRunOutcome.Succeeded, (await runner.RunAsync(id, slot)).Outcome);
        Assert.Equal(CollectorRunOutcome.Succeeded, (await runner.RunAsync(id, slot)).Outcome);

        var store = Server.Get<IMetricStore>();
        var from = UnixTime.ToNanoseconds(slot.AddMinutes(-1));
        var to = UnixTime.ToNanoseconds(slot.AddMinutes(1));
        var selector = new SeriesSelector("dvc_records", new Dictionary<string, string> { ["level"] = "province" }, "received_today");
        var sums = await store.QueryRangeAsync(new RangeQuery(selector, from, to, 1000, Aggregation.Sum));
        var lasts = await store.QueryRangeAsync(new RangeQuery(selector, from, to, 1000, Aggregation.Last));
        var bucket = Assert.Single(Assert.Single(sums).Values);
        Assert.Equal(Assert.Single(Assert.Single(lasts).Values).Value, bucket.Value);
        Assert.Equal(UnixTime.ToNanoseconds(slot), bucket.Timestamp);
    }

    [Fact]
    public async Task EveryDefinedCollector_SucceedsAgainstTheSimulator()
    {
        var runner = Server.Get<CollectorRunner>();
        foreach (var definition in Server.Get<CollectorCatalog>().Definitions.Where(d => d.IsScheduled))
        {
            var result = await runner.RunAsync(definition.Id, Slot.AddMinutes(-5));
            Assert.True(result.Outcome == CollectorRunOutcome.Succeeded, $"{definition.Id}: {result.Error}");
            Assert.True(result.Points > 0, $"{definition.Id} wrote no points");
        }
    }

    [Fact]
    public async Task Simulator_AnswersAsOfAPastTime_AndRefusesTheFuture()
    {
        var at = SimulatorServerFixture.Now.AddHours(-3);

        using var past = JsonDocument.Parse(await Server.Http.GetStringAsync($"/sim/portal/records?at={at:yyyy-MM-ddTHH:mm:ssZ}"));
        var future = await Server.Http.GetAsync($"/sim/portal/records?at={SimulatorServerFixture.Now.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}");

        Assert.Equal(at, past.RootElement.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, future.StatusCode);
    }

    private string RecordsCollectorId() =>
        Server.Get<CollectorCatalog>().Definitions.Single(d => d.Spec.ToJsonString().Contains("/sim/portal/records\"", StringComparison.Ordinal)).Id;
}
