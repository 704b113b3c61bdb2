using System.Diagnostics;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Hosting;
using Ioc.Simulator;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Gives a fresh embedded install, and the compose demo (whose simulator runs on its own host), the history leaders'
/// trends need: once the live collectors have started, every collector that reads the simulator at
/// <c>SIMULATOR_URL</c> is collected once a day at 10:00 (Viet Nam) over
/// <see cref="SimulatorOptions.History"/>, oldest first, as history (not pushed live). A collector whose series
/// already hold points in that window is left alone, so a restart does not fill it again.
/// </summary>
internal sealed partial class SimulatorHistory(
    IocProfile profile,
    IOptions<SimulatorOptions> simulator,
    IOptions<IocOptions> ioc,
    CollectorCatalog catalog,
    CollectorRunner runner,
    IMetricStore store,
    DefinitionVariables variables,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<SimulatorHistory> logger) : BackgroundService
{
    private static readonly TimeSpan LocalOffset = TimeSpan.FromHours(7);
    private static readonly TimeSpan ReadingTime = TimeSpan.FromHours(10);

    /// <summary>Collectors whose history this start filled; known once <see cref="BackgroundService.ExecuteTask"/> has completed.</summary>
    public int FilledCollectors { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = simulator.Value.HistoryWindow;
        var embedded = profile.Simulator && profile.MetricStore == "Sqlite";
        if (!(embedded || ioc.Value.IsComposeDemo) || window <= TimeSpan.Zero)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await Task.Delay(simulator.Value.HistoryStartDelay, clock, stoppingToken);
        var now = clock.GetUtcNow();
        var slots = DailySlots(now, window);
        var simulatorUrl = ((await variables.ReadAsync(stoppingToken)).GetValueOrDefault("SIMULATOR_URL") ?? "").TrimEnd('/') + "/sim/";
        var watch = Stopwatch.StartNew();
        int collectors = 0, runs = 0;
        foreach (var definition in catalog.Definitions.Where(d => d.Enabled && d.IsScheduled))
        {
            if (!catalog.TryGet(definition.Id, out _, out var collector) || collector is not IReplayableCollector ||
                definition.Spec["url"]?.ToString() is not { } url || !url.StartsWith(simulatorUrl, StringComparison.Ordinal))
            {
                continue;
            }

            if (await HasHistoryAsync(definition, now - window, now - TimeSpan.FromDays(1), stoppingToken))
            {
                LogAlreadyThere(definition.Id);
                continue;
            }

            LogStarted(definition.Id, slots.Count);
            var (done, failed, lastError) = await CollectorReplay.ReplayAsync(slots, slot => runner.RunAsync(definition.Id, slot, replay: true, stoppingToken));
            collectors++;
            runs += done;
            if (failed > 0)
            {
                LogFailures(definition.Id, failed, lastError ?? "");
            }

            LogFilled(definition.Id, done, slots.Count, watch.Elapsed.TotalSeconds);
        }

        FilledCollectors = collectors;
        if (collectors > 0)
        {
            LogFinished(collectors, runs, watch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>10:00 local of each day in (now - window, now), oldest first; the oldest day keeps an hour's margin to the window's edge.</summary>
    internal static IReadOnlyList<DateTimeOffset> DailySlots(DateTimeOffset now, TimeSpan window)
    {
        var localToday = now.ToOffset(LocalOffset).Date;
        var slots = new List<DateTimeOffset>();
        for (var day = localToday.AddDays(-Math.Ceiling(window.TotalDays)); day <= localToday; day = day.AddDays(1))
        {
            var slot = new DateTimeOffset(day + ReadingTime, LocalOffset);
            if (slot > now - window + TimeSpan.FromHours(1) && slot < now)
            {
                slots.Add(slot.ToUniversalTime());
            }
        }

        return slots;
    }

    /// <summary>Whether the first mapped series of an http-json collector has any point in the window.</summary>
    private async Task<bool> HasHistoryAsync(CollectorDefinition definition, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var mapping = definition.Spec["mappings"]?.AsArray().FirstOrDefault()?.AsObject();
        var measurement = mapping?["measurement"]?.ToString();
        var field = mapping?["fields"]?.AsObject().FirstOrDefault().Key;
        if (measurement is null || field is null)
        {
            return false;
        }

        var found = await store.QueryRangeAsync(
            new RangeQuery(new SeriesSelector(measurement, field), UnixTime.ToNanoseconds(from), UnixTime.ToNanoseconds(to), 1, Aggregation.Last),
            cancellationToken);
        return found.Count > 0;
    }

    [LoggerMessage(LogLevel.Information, "Simulator history of {CollectorId}: already in the store, not filled again")]
    private partial void LogAlreadyThere(string collectorId);

    [LoggerMessage(LogLevel.Information, "Simulator history of {CollectorId}: filling {Days} days, one reading a day")]
    private partial void LogStarted(string collectorId, int days);

    [LoggerMessage(LogLevel.Information, "Simulator history of {CollectorId}: {Done}/{Days} days ({Seconds:0.0} s so far)")]
    private partial void LogFilled(string collectorId, int done, int days, double seconds);

    [LoggerMessage(LogLevel.Warning, "Simulator history of {CollectorId}: {Failed} days failed, the last with: {LastError}")]
    private partial void LogFailures(string collectorId, int failed, string lastError);

    [LoggerMessage(LogLevel.Information, "Simulator history filled for {Collectors} collectors: {Runs} readings in {Seconds:0.0} s")]
    private partial void LogFinished(int collectors, int runs, double seconds);
}
