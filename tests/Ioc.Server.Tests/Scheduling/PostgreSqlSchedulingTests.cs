using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Logging;
using Hangfire.Server;
using Ioc.Server.Scheduling;
using Ioc.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>
/// Hangfire on PostgreSQL as two Ioc processes would run it: two storages and two servers on one database, in
/// this process but without Hangfire's static configuration (JobStorage.Current stays untouched).
/// </summary>
[Collection(nameof(HangfireLogProviderCollection))]
public sealed class PostgreSqlSchedulingTests : IClassFixture<PostgreSqlServer>
{
    private const int SlotSeconds = 2;

    private readonly PostgreSqlServer _server;
    private readonly ITestOutputHelper _output;

    public PostgreSqlSchedulingTests(PostgreSqlServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;

        // Hangfire keeps one log provider for the process. Each host of another test sets it to that host's
        // logger factory and leaves it behind, disposed; creating a logger from it then throws, even inside
        // Hangfire.PostgreSql's static constructors. So these tests set a quiet one, and run alone.
        GlobalConfiguration.Configuration.UseLogProvider(new QuietLogProvider());
    }

    [Fact]
    public async Task CreateStorage_InstallsHangfireTablesInTheirOwnSchema_FromTwoProcessesAtOnce()
    {
        var database = await _server.CreateDatabaseAsync();

        await Task.WhenAll(Task.Run(() => PostgreSqlScheduling.CreateStorage(database)), Task.Run(() => PostgreSqlScheduling.CreateStorage(database)));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name IN ('job', 'jobqueue', 'lock', 'set')", connection);
        Assert.Equal(4L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TwoServersOnOneDatabase_RunEachOccurrenceOfASecondsCron_ExactlyOnce()
    {
        var database = await _server.CreateDatabaseAsync();
        var storages = new[] { PostgreSqlScheduling.CreateStorage(database), PostgreSqlScheduling.CreateStorage(database) };
        var runs = new ConcurrentBag<Occurrence>();
        var manager = new RecurringJobManager(storages[0]);
        manager.AddOrUpdate<OccurrenceRecorder>("every-2-s", r => r.Record(null!), $"*/{SlotSeconds} * * * * *", new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

        var servers = new List<BackgroundJobServer>();
        try
        {
            for (var i = 0; i < storages.Length; i++)
            {
                servers.Add(new BackgroundJobServer(ServerOptions($"ioc-test-{i}", runs), storages[i]));
            }

            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.Equal(2, storages[1].GetMonitoringApi().Servers().Count);
            manager.RemoveIfExists("every-2-s");
        }
        finally
        {
            // Dispose waits for running jobs, so every run is in the bag before it is read.
            foreach (var s in servers)
            {
                s.SendStop();
            }

            foreach (var s in servers)
            {
                s.Dispose();
            }
        }

        var ordered = runs.OrderBy(r => r.Slot).ToList();
        foreach (var run in ordered)
        {
            _output.WriteLine($"slot {run.Slot:HH:mm:ss}: job created {(run.Created - run.Slot).TotalMilliseconds,5:0} ms, started {(run.Started - run.Slot).TotalMilliseconds,5:0} ms after it, on {run.Server} (job {run.JobId})");
        }

        var duplicates = ordered.GroupBy(r => r.Slot).Where(g => g.Count() > 1).Select(g => $"{g.Key:HH:mm:ss} ×{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "occurrences run more than once: " + string.Join(", ", duplicates));
        Assert.True(ordered.Count >= 4, $"only {ordered.Count} occurrences ran in 12 s");
    }

    private static BackgroundJobServerOptions ServerOptions(string name, ConcurrentBag<Occurrence> runs) => new()
    {
        ServerName = name,
        WorkerCount = 2,

        // As the server sets it: the recurring and delayed job schedulers look every second instead of every 15 s.
        SchedulePollingInterval = TimeSpan.FromSeconds(1),
        Activator = new RecorderActivator(runs, name),
    };

    internal sealed record Occurrence(DateTime Slot, DateTime Created, DateTime Started, string Server, string JobId);

    /// <summary>Builds the job with the test's log, so no static state carries runs between tests.</summary>
    private sealed class RecorderActivator(ConcurrentBag<Occurrence> runs, string server) : JobActivator
    {
        public override object ActivateJob(Type jobType) =>
            jobType == typeof(OccurrenceRecorder) ? new OccurrenceRecorder(runs, server) : base.ActivateJob(jobType);
    }

    /// <summary>The job: notes which occurrence it stands for, as a collector run keys its points by slot.</summary>
    public sealed class OccurrenceRecorder
    {
        private readonly ConcurrentBag<Occurrence> _runs;
        private readonly string _server;

        internal OccurrenceRecorder(ConcurrentBag<Occurrence> runs, string server)
        {
            _runs = runs;
            _server = server;
        }

        public void Record(PerformContext context)
        {
            ArgumentNullException.ThrowIfNull(context);

            // "Time" is when the recurring job scheduler triggered the occurrence (whole Unix seconds); with the
            // default misfire handling it lies in [occurrence, next occurrence), so flooring it gives the occurrence.
            var time = context.GetJobParameter<long>("Time");
            var slot = DateTime.UnixEpoch.AddSeconds(time - (time % SlotSeconds));
            _runs.Add(new Occurrence(slot, context.BackgroundJob.CreatedAt, DateTime.UtcNow, _server, context.BackgroundJob.Id));
        }
    }

    private sealed class QuietLogProvider : ILogProvider
    {
        public ILog GetLogger(string name) => new QuietLog();

        private sealed class QuietLog : ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }
}

/// <summary>Tests that set Hangfire's process-wide log provider; they run after the others, one at a time.</summary>
[CollectionDefinition(nameof(HangfireLogProviderCollection), DisableParallelization = true)]
public sealed class HangfireLogProviderCollection;
