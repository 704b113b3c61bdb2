using Hangfire;
using Hangfire.Storage;
using Ioc.Core.Collecting;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Makes Hangfire's recurring jobs match the collectors: one per enabled, scheduled collector, keyed by its id; jobs
/// of removed, paused or disabled collectors are deleted. Runs at start (and then triggers every collector once, if
/// asked) and again whenever the collectors change, on every node; each pass is idempotent, so nodes sharing one job
/// storage agree whatever order they run in.
/// </summary>
internal sealed partial class CollectorScheduler : IHostedService
{
    internal const string Prefix = "collector:";

    private readonly CollectorCatalog _catalog;
    private readonly IRecurringJobManager _jobs;
    private readonly JobStorage _storage;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<CollectorScheduler> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, string> _scheduled = new(StringComparer.Ordinal);

    public CollectorScheduler(CollectorCatalog catalog, IRecurringJobManager jobs, JobStorage storage, IOptions<SchedulingOptions> options, ILogger<CollectorScheduler> logger)
    {
        _catalog = catalog;
        _jobs = jobs;
        _storage = storage;
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var wanted = Reconcile(_catalog);
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
    public IReadOnlyCollection<string> Reconcile(CollectorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        lock (_gate)
        {
            var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var definition in catalog.Definitions.Where(d => d.Enabled && d.IsScheduled))
            {
                var jobId = Prefix + definition.Id;
                wanted[jobId] = definition.Schedule;
                if (_scheduled.TryGetValue(jobId, out var schedule) && schedule == definition.Schedule)
                {
                    continue;
                }

                var collectorId = definition.Id;
                _jobs.AddOrUpdate<CollectorJob>(
                    jobId,
                    job => job.RunAsync(collectorId, null, CancellationToken.None),
                    definition.Schedule,
                    CollectorSchedule.JobOptions(definition));
                LogScheduled(definition.Id, definition.Schedule);
            }

            using (var connection = _storage.GetConnection())
            {
                foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(Prefix, StringComparison.Ordinal) && !wanted.ContainsKey(j.Id)))
                {
                    _jobs.RemoveIfExists(job.Id);
                    // Resumed later, it starts afresh: the paused time is no outage to catch up.
                    CollectorSlotMarks.Forget(connection, job.Id[Prefix.Length..]);
                    LogRemoved(job.Id);
                }
            }

            _scheduled = wanted;
            return wanted.Keys;
        }
    }

    [LoggerMessage(LogLevel.Information, "Scheduled collector {CollectorId} at '{Schedule}'")]
    private partial void LogScheduled(string collectorId, string schedule);

    [LoggerMessage(LogLevel.Information, "Removed recurring job {JobId}: no enabled collector defines it")]
    private partial void LogRemoved(string jobId);
}
