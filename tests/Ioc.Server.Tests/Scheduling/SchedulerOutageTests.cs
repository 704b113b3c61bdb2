using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Metrics;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>
/// Hangfire's schedule and the configuration in PostgreSQL, the metrics in SQLite, the simulator in the process: when
/// PostgreSQL stops, nothing can be triggered; once it is back, every slot of the outage is collected, once.
/// Alone: Hangfire's storage is process-wide while a host is being built, and another host starting meanwhile could take it.
/// </summary>
[Collection(nameof(HangfireLogProviderCollection))]
public sealed class SchedulerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string CollectorId = "portal-records";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private readonly PostgreSqlServer _postgres = new();
    private string _collectors = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _collectors = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
        File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", CollectorId + ".yaml"), Path.Combine(_collectors, CollectorId + ".yaml"));
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:Configuration:Store"] = "PostgreSql",
            ["Ioc:Scheduling:Storage"] = "PostgreSql",
            ["Ioc:PostgreSql:ConnectionString"] = await _postgres.CreateDatabaseAsync(),
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task PostgreSqlStoppedFor30Seconds_EverySlotOfTheOutageIsCollectedOnce_AndCountedInHistory()
    {
        Assert.True(CronSchedule.TryParse(_server.Get<CollectorCatalog>().Definitions.Single().Schedule, out var schedule, out _));
        var status = _server.Get<CollectorStatusBoard>();
        // Stopped just after a run, not in the middle of one: the run records its slot mark and releases its lock in
        // PostgreSQL after its status; a lock left behind by a stop at that instant blocks the collector for a minute.
        await WaitUntilAsync(() => status.Get(CollectorId).LastSuccess is { } s && s == schedule!.SlotAtOrBefore(DateTimeOffset.UtcNow), TimeSpan.FromSeconds(20), "the collector never ran before the outage");
        await Task.Delay(1500);

        var stopped = DateTimeOffset.UtcNow;
        await _postgres.StopAsync();
        await Task.Delay(Outage);
        await _postgres.StartAgainAsync();
        var started = DateTimeOffset.UtcNow;

        // Every slot from the last one before the stop to the first live one after the restart.
        var first = schedule!.SlotAtOrBefore(stopped);
        var last = schedule.Next(started)!.Value;
        var slots = new List<DateTimeOffset>();
        for (var slot = first; slot <= last; slot = schedule.Next(slot)!.Value)
        {
            slots.Add(slot);
        }

        await WaitUntilAsync(() => status.Get(CollectorId).LastSuccess >= last, TimeSpan.FromSeconds(90), "no live run after PostgreSQL came back");
        var runs = _server.Get<ICollectorRunStore>();
        IReadOnlyList<CollectorRunRecord> history = [];
        await WaitUntilAsync(
            async () => (history = await runs.ListRunsAsync(CollectorId, 500)).Any(r => r.Slot == last),
            TimeSpan.FromSeconds(30),
            "the runs made after the outage did not reach the history");

        var points = PointsPerTimestamp(UnixTime.ToNanoseconds(first), UnixTime.ToNanoseconds(last));
        var series = points[UnixTime.ToNanoseconds(first)];
        foreach (var run in history.Where(r => r.Slot >= first && r.Slot <= last).OrderBy(r => r.Slot))
        {
            output.WriteLine($"{run.Slot:HH:mm:ss} {run.Outcome} replay={run.Replay} points={run.Points} {run.Error}");
        }

        Assert.True(slots.Count >= 7, $"only {slots.Count} slots in the window");
        Assert.Equal(slots.Select(UnixTime.ToNanoseconds), points.Keys.Order());
        Assert.All(slots, slot => Assert.Equal(series, points[UnixTime.ToNanoseconds(slot)]));
        Assert.All(slots, slot => Assert.Single(history, r => r.Slot == slot && r.Outcome == CollectorRunOutcome.Succeeded));

        // The slots inside the outage were collected afterwards, as history.
        Assert.All(slots.Where(s => s > stopped && s < started.AddSeconds(-5)), slot => Assert.True(history.Single(r => r.Slot == slot && r.Outcome == CollectorRunOutcome.Succeeded).Replay));
    }

    /// <summary>Points of the collector's measurement stored at each timestamp in [from, to], read from the store's file.</summary>
    private Dictionary<long, int> PointsPerTimestamp(long from, long to)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDir, "ioc.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.ts, count(*) FROM points p JOIN series s ON s.id = p.series_id
            WHERE s.measurement = 'dvc_records' AND p.ts BETWEEN $from AND $to GROUP BY p.ts
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<long, int>();
        while (reader.Read())
        {
            counts[reader.GetInt64(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string failure) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, failure);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }
}
