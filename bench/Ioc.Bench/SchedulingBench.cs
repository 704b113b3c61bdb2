using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Ioc.Server.Hosting;
using Ioc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Ioc.Bench;

/// <summary>
/// Many collectors on one-minute schedules, all due at second 0, scheduled by Hangfire on PostgreSQL (a private
/// server started here) as production runs them. The lag from a slot to the moment its collector asks its source
/// (a cheap local endpoint) is measured per run; also the server's CPU while nothing is due (seconds 25 to 55) and
/// the SQL statements it sends per run. The baseline is the earlier scheduling settings, run in the same process
/// against the same PostgreSQL; then the current defaults.
/// </summary>
internal static class SchedulingBench
{
    /// <summary>The scheduling before this benchmark: a Hangfire job per collector, 8 workers, one triggering connection, LISTEN/NOTIFY.</summary>
    private static readonly string[] Baseline =
        ["--Ioc:Scheduling:JobPerCollector=true", "--Ioc:Scheduling:WorkerCount=8", "--Ioc:Scheduling:SchedulerParallelism=1", "--Ioc:Scheduling:LongPolling=true", "--Ioc:Scheduling:QueuePollInterval=00:00:01"];

    public static async Task<int> RunAsync(string[] args)
    {
        var collectors = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var minutes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var tuned = args.Length > 2 ? args[2..] : [];
        var postgres = new PostgreSqlServer();
        await postgres.InitializeAsync();
        try
        {
            await using var source = await Source.StartAsync();
            Print($"{collectors} collectors, schedule \"0 * * * * *\" (all due at second 0, no jitter), {minutes} measured minutes per configuration, {Environment.ProcessorCount} cores");
            var before = await MeasureAsync("baseline", postgres, source, collectors, minutes, Baseline);
            var after = await MeasureAsync("current", postgres, source, collectors, minutes, tuned);
            Print($"p95 lag: baseline {before.P95:0} ms, current {after.P95:0} ms, ratio {after.P95 / before.P95:0.00}; " +
                  $"p50 ratio {after.P50 / before.P50:0.00}; statements per run ratio {after.StatementsPerRun / before.StatementsPerRun:0.00}");
            return 0;
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private sealed record Result(double P50, double P95, double Max, int Runs, int Expected, double IdleCpuPercent, double StatementsPerRun, double CommitsPerRun);

    private static async Task<Result> MeasureAsync(string name, PostgreSqlServer postgres, Source source, int collectors, int minutes, string[] settings)
    {
        var database = await postgres.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("ioc-bench-sched-").FullName;
        var definitions = Directory.CreateDirectory(Path.Combine(folder, "collectors")).FullName;
        for (var i = 1; i <= collectors; i++)
        {
            var id = $"bench-{i:0000}";
            await File.WriteAllTextAsync(Path.Combine(definitions, id + ".yaml"), $$"""
                apiVersion: ioc/v1
                id: {{id}}
                name: Hàng chờ một cửa {{i}}
                kind: http-json
                schedule: "0 * * * * *"
                timeout: 20s
                spec:
                  url: {{source.Url}}/queue/{{id}}
                  mappings:
                    - measurement: bench_queue
                      tags: { source: {{id}} }
                      fields: { length: $.length }
                """);
        }

        var port = BenchServer.FreePort();
        var app = IocApplication.Build(
        [
            $"--urls=http://127.0.0.1:{port}",
            "--environment=Benchmark",
            "--Ioc:Configuration:Store=PostgreSql",
            "--Ioc:Scheduling:Storage=PostgreSql",
            $"--Ioc:PostgreSql:ConnectionString={database}",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(folder, "ioc.db")}",
            $"--Ioc:Storage:Spool:Path={Path.Combine(folder, "spool")}",
            $"--Ioc:CollectorsPath={definitions}",
            $"--Ioc:DashboardsPath={Path.Combine(BenchServer.RepoRoot(), "dashboards")}",
            "--Ioc:Simulator:Enabled=false",
            "--Ioc:Scheduling:Enabled=true",
            "--Ioc:Scheduling:RunAllAtStart=false",
            "--Ioc:Scheduling:ReplayOnStart=00:00:00",
            "--Serilog:MinimumLevel:Default=Warning",
            .. BenchAccess.ServerArguments,
            .. settings,
        ]);
        await app.LoadDefinitionsAsync();
        await app.StartAsync();
        try
        {
            // The first minute warms up (connections, JIT); the next ones are measured.
            var first = NextMinute(DateTimeOffset.UtcNow).AddMinutes(1);
            await DelayUntil(first.AddSeconds(-1));
            source.Clear();
            var cpu = new List<double>();
            using var statements = new StatementCounter();
            var commits = await CommitsAsync(database);
            for (var m = 0; m < minutes; m++)
            {
                var slot = first.AddMinutes(m);
                await DelayUntil(slot.AddSeconds(25));
                var used = Process.GetCurrentProcess().TotalProcessorTime;
                await DelayUntil(slot.AddSeconds(55));
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - used).TotalSeconds / 30 * 100);
            }

            await DelayUntil(first.AddMinutes(minutes));
            var sent = statements.Count;
            commits = await CommitsAsync(database) - commits;
            var lags = source.Requests
                .Where(r => r.At >= first && r.At < first.AddMinutes(minutes))
                .Select(r => (r.At - Floor(r.At)).TotalMilliseconds)
                .Order()
                .ToList();
            var runs = lags.Count;
            var result = new Result(Percentile(lags, 0.50), Percentile(lags, 0.95), lags.LastOrDefault(), runs, collectors * minutes,
                cpu.Average(), (double)sent / Math.Max(1, runs), (double)commits / Math.Max(1, runs));
            Print($"{name} ({(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}): {result.Runs} of {result.Expected} runs; " +
                  $"start lag p50 {result.P50:0} ms, p95 {result.P95:0} ms, max {result.Max:0} ms; idle CPU {result.IdleCpuPercent:0.0}% of one core; " +
                  $"{result.StatementsPerRun:0.0} SQL statements and {result.CommitsPerRun:0.0} transactions per run (idle polling included)");
            foreach (var (text, count) in statements.Top(12))
            {
                Print($"    {(double)count / Math.Max(1, runs),5:0.0} per run  {text}");
            }

            return result;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> CommitsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static DateTimeOffset NextMinute(DateTimeOffset time) => Floor(time).AddMinutes(1);

    private static async Task DelayUntil(DateTimeOffset time)
    {
        var wait = time - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static void Print(string line) => Console.WriteLine(line);

    /// <summary>Counts the commands Npgsql sends from this process (it traces each one while someone listens).</summary>
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentDictionary<string, int> _byText = new(StringComparer.Ordinal);
        private long _count;

        public StatementCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStarted = _ => Interlocked.Increment(ref _count),
                ActivityStopped = a =>
                {
                    var text = (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement"))?.ToString() ?? a.DisplayName;
                    var key = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                    _byText.AddOrUpdate(key.Length > 90 ? key[..90] : key, 1, (_, n) => n + 1);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Count => Interlocked.Read(ref _count);

        /// <summary>The most frequent statements, their text shortened: where the statements per run go.</summary>
        public IEnumerable<(string Text, int Count)> Top(int n) => _byText.OrderByDescending(e => e.Value).Take(n).Select(e => (e.Key, e.Value));

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The collectors' source: answers at once and notes when each collector asked.</summary>
    private sealed class Source : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Id, DateTimeOffset At)> _requests = new();

        private Source(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public IEnumerable<(string Id, DateTimeOffset At)> Requests => _requests;

        public static async Task<Source> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var source = new Source(app);
            app.MapGet("/queue/{id}", (string id) =>
            {
                source._requests.Enqueue((id, DateTimeOffset.UtcNow));
                return Results.Json(new { length = 3 });
            });
            await app.StartAsync();
            return source;
        }

        public void Clear() => _requests.Clear();

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
