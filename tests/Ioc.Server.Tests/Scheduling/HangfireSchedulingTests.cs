using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>Hangfire (in-memory storage) runs the repository's collectors plus one whose source is down.</summary>
public sealed class HangfireSchedulingTests : IAsyncLifetime
{
    private string _collectors = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        _collectors = await IocServer.CopyCollectorsAsync();

        await File.WriteAllTextAsync(Path.Combine(_collectors, "down.yaml"), """
            apiVersion: ioc/v1
            id: source-that-is-down
            name: A provincial system that does not answer
            kind: http-json
            schedule: "*/2 * * * * *"
            timeout: 2s
            spec:
              url: http://127.0.0.1:9/never
              mappings:
                - measurement: never_written
                  fields: { value: $.value }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task ScheduledCollectorsRun_AndOneDownSourceAffectsNoOther()
    {
        var status = _server.Get<CollectorStatusBoard>();
        var catalog = _server.Get<CollectorCatalog>();
        var healthy = catalog.Definitions.Where(d => d.Id != "source-that-is-down" && d.IsScheduled).Select(d => d.Id).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline &&
               (status.Get("source-that-is-down").ConsecutiveFailures < 2 || healthy.Any(id => status.Get(id).LastSuccess is null)))
        {
            await Task.Delay(250);
        }

        var down = status.Get("source-that-is-down");
        Assert.True(down.ConsecutiveFailures >= 2, "the down source was not run twice by the scheduler");
        Assert.Null(down.LastSuccess);
        Assert.Contains("127.0.0.1:9", down.LastRun!.Error, StringComparison.Ordinal);
        foreach (var id in healthy)
        {
            Assert.True(status.Get(id).LastSuccess is not null, $"{id} never succeeded");
        }

        // Points carry schedule slots: whole seconds that the collector's cron produces.
        var records = catalog.Definitions.Single(d => d.Spec.ToJsonString().Contains("/sim/portal/records\"", StringComparison.Ordinal));
        Assert.True(CronSchedule.TryParse(records.Schedule, out var cron, out _));
        var last = await _server.Get<IMetricStore>().QueryLastAsync(new SeriesSelector("dvc_records", "online_rate"));
        Assert.NotEmpty(last);
        foreach (var value in last)
        {
            var time = UnixTime.FromNanoseconds(value.Timestamp);
            Assert.Equal(time, cron!.SlotAtOrBefore(time));
        }

        var view = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors");
        var downView = view.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "source-that-is-down");
        Assert.True(downView.GetProperty("status").GetProperty("consecutiveFailures").GetInt32() >= 2);
    }

    [Fact]
    public async Task Start_ReplaysTheLastTwoHours_FromSourcesThatAnswerAsOfATime()
    {
        var store = _server.Get<IMetricStore>();
        var now = DateTimeOffset.UtcNow;
        var selector = new SeriesSelector("dvc_records", new Dictionary<string, string> { ["level"] = "province" }, "online_rate");
        var query = new RangeQuery(selector, UnixTime.ToNanoseconds(now.AddHours(-2)), UnixTime.ToNanoseconds(now), 1000, Aggregation.Last);
        IReadOnlyList<BucketValue> history = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && history.Count < 110)
        {
            history = (await store.QueryRangeAsync(query)).SingleOrDefault()?.Values ?? [];
            await Task.Delay(250);
        }

        // One replayed slot a minute (Ioc:Scheduling:ReplayStep) over two hours, plus the live runs.
        Assert.InRange(history.Count, 110, 1000);
        Assert.True(history[0].Timestamp < UnixTime.ToNanoseconds(now.AddMinutes(-110)), "history does not reach back two hours");
        Assert.Null(_server.Get<CollectorStatusBoard>().Get("source-that-is-down").LastSuccess);
    }

    [Fact]
    public void ReplaySlots_AreScheduleSlots_AtMostOnePerStep_OldestFirst()
    {
        Assert.True(CronSchedule.TryParse("*/5 * * * * *", out var every5s, out _));
        var now = new DateTimeOffset(2026, 10, 14, 3, 0, 2, TimeSpan.Zero);

        var slots = Ioc.Server.Scheduling.CollectorReplay.ReplaySlots(every5s!, now, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));

        Assert.Equal(10, slots.Count);
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 2, 50, 5, TimeSpan.Zero), slots[0]);
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second - pair.First));
        Assert.All(slots, slot => Assert.True(slot < now));
    }

    [Fact]
    public async Task Replay_GivesUp_AfterThreeFailuresInARow_AndResetsTheCountOnSuccess()
    {
        var slots = Enumerable.Range(0, 20).Select(i => new DateTimeOffset(2026, 10, 14, 2, i, 0, TimeSpan.Zero)).ToList();
        var failing = new HashSet<int> { 1, 2, 5, 6, 7, 8 };
        var ran = new List<DateTimeOffset>();

        var (done, failed, lastError) = await Ioc.Server.Scheduling.CollectorReplay.ReplayAsync(slots, slot =>
        {
            ran.Add(slot);
            var fails = failing.Contains(slot.Minute);
            return Task.FromResult(new CollectorRunResult("dead", slot, fails ? CollectorRunOutcome.Failed : CollectorRunOutcome.Succeeded, 0, TimeSpan.Zero, fails ? "connection refused" : null));
        });

        Assert.Equal(8, done);
        Assert.Equal(5, failed);
        Assert.Equal("connection refused", lastError);
        Assert.Equal(slots.Take(8), ran);
    }

    [Fact]
    public async Task Health_Is200_WhenStoreAndSchedulerAreUp_AndSaysNothingElseToAnonymousProbes()
    {
        using var probe = Session.Anonymous(_server.BaseUrl);

        var live = await probe.Http.GetAsync("/healthz");
        var ready = await probe.Http.GetAsync("/readyz");

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\"}", await live.Content.ReadAsStringAsync());
        using var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        foreach (var name in new[] { "store", "scheduler", "configuration" })
        {
            var check = checks.RootElement.GetProperty("checks").GetProperty(name);
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, check.GetProperty("description").ValueKind);
        }
    }

    [Fact]
    public async Task Readiness_ShowsDescriptionsToAdmins()
    {
        using var checks = JsonDocument.Parse(await _server.Http.GetStringAsync("/readyz"));

        Assert.Equal(JsonValueKind.String, checks.RootElement.GetProperty("checks").GetProperty("scheduler").GetProperty("description").ValueKind);
    }
}
