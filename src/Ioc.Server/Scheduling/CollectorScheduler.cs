using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.Storage;
using Ioc.Core.Collecting;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Makes Hangfire's recurring jobs match the collectors: one per schedule that an enabled collector uses, whose run
/// collects every collector on that schedule (<see cref="CollectorJob.SlotAsync"/>), so 500 collectors due on one
/// second cost one trigger and one job rather than 500. Jobs of schedules nobody uses any more are deleted. Runs at
/// start (and then triggers every schedule once, if asked) and again whenever the collectors change, on every node;
/// each pass is idempotent, so nodes sharing one job storage agree whatever order they run in.
/// </summary>
internal sealed partial class CollectorScheduler : IHostedService
{
    internal const string Prefix = "collectors-at:";

    /// <summary>One recurring job per collector (<see cref="SchedulingOptions.JobPerCollector"/>, and earlier versions).</summary>
    private const string FormerPrefix = "collector:";

    private readonly CollectorCatalog _catalog;
    private readonly IRecurringJobManager _jobs;
    private readonly JobStorage _storage;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<CollectorScheduler> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, string> _scheduled = new(StringComparer.Ordinal);
    private HashSet<string> _collectors = new(StringComparer.Ordinal);

    public CollectorScheduler(CollectorCatalog catalog, IRecurringJobManager jobs, JobStorage storage, IOptions<SchedulingOptions> options, ILogger<CollectorScheduler> logger)
    {
        _catalog = catalog;
        _jobs = jobs;
        _storage = storage;
        _options = options;
        _logger = logger;
    }

    /// <summary>The collectors this node last scheduled.</summary>
    public IReadOnlySet<string> Scheduled => _collectors;

    /// <summary>The recurring job of a schedule: readable, and the same on every node.</summary>
    public static string JobId(string schedule) =>
        $"{Prefix}{schedule.Replace(' ', '_')}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schedule)))[..8]}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = Reconcile(_catalog, starting: true);
        if (_options.Value.RunAllAtStart)
        {
            foreach (var jobId in wanted)
            {
                _jobs.Trigger(jobId);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds, changes and removes recurring jobs to match the catalog; returns the ids of the jobs wanted.</summary>
    public IReadOnlyCollection<string> Reconcile(CollectorCatalog catalog) => Reconcile(catalog, starting: false);

    /// <summary>A deleted collector's catch-up mark goes with it, so an id used again later starts afresh.</summary>
    public void Forget(string collectorId)
    {
        using var connection = _storage.GetConnection();
        CollectorSlotMarks.Forget(connection, collectorId);
    }

    private List<string> Reconcile(CollectorCatalog catalog, bool starting)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        lock (_gate)
        {
            var running = catalog.Definitions.Where(d => d.Enabled && d.IsScheduled).ToList();
            var perCollector = _options.Value.JobPerCollector;
            var wanted = perCollector
                ? running.ToDictionary(d => FormerPrefix + d.Id, d => d.Schedule, StringComparer.Ordinal)
                : running.Select(d => d.Schedule).Distinct(StringComparer.Ordinal).ToDictionary(JobId, s => s, StringComparer.Ordinal);
            foreach (var (jobId, schedule) in wanted)
            {
                if (_scheduled.TryGetValue(jobId, out var had) && had == schedule)
                {
                    continue;
                }

                var cron = schedule;
                if (perCollector)
                {
                    var collectorId = jobId[FormerPrefix.Length..];
                    _jobs.AddOrUpdate<CollectorJob>(jobId, job => job.RunAsync(collectorId, null, CancellationToken.None), cron, CollectorSchedule.JobOptions());
                }
                else
                {
                    _jobs.AddOrUpdate<CollectorJob>(jobId, job => job.SlotAsync(cron, null, CancellationToken.None), cron, CollectorSchedule.JobOptions());
                }

                LogScheduled(cron, perCollector ? 1 : running.Count(d => d.Schedule == cron));
            }

            var collectors = running.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            using (var connection = _storage.GetConnection())
            {
                foreach (var job in connection.GetRecurringJobs().Where(j => IsOurs(j.Id) && !wanted.ContainsKey(j.Id)))
                {
                    _jobs.RemoveIfExists(job.Id);
                    LogRemoved(job.Id);
                }

                // Resumed later, a collector starts afresh: the paused time is no outage to catch up. At start this node
                // does not know what ran before, so every collector not running now is forgotten.
                var stopped = starting ? catalog.Definitions.Select(d => d.Id).Where(id => !collectors.Contains(id)) : _collectors.Where(id => !collectors.Contains(id));
                foreach (var id in stopped.ToList())
                {
                    CollectorSlotMarks.Forget(connection, id);
                }
            }

            _scheduled = wanted;
            _collectors = collectors;
            return [.. wanted.Keys];
        }
    }

    private static bool IsOurs(string jobId) => jobId.StartsWith(Prefix, StringComparison.Ordinal) || jobId.StartsWith(FormerPrefix, StringComparison.Ordinal);

    [LoggerMessage(LogLevel.Information, "Scheduled the collectors at '{Schedule}' ({Count} now)")]
    private partial void LogScheduled(string schedule, int count);

    [LoggerMessage(LogLevel.Information, "Removed recurring job {JobId}: no enabled collector runs on it")]
    private partial void LogRemoved(string jobId);
}
