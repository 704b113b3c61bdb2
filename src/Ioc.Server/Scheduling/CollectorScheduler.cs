using Hangfire;
using Hangfire.Storage;
using Ioc.Core.Collecting;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Makes Hangfire's recurring jobs match the collector definitions: one per enabled collector, keyed by its
/// id; jobs of removed or disabled collectors are deleted. Optionally triggers every collector at start.
/// </summary>
internal sealed partial class CollectorScheduler : IHostedService
{
    private const string Prefix = "collector:";

    private readonly CollectorCatalog _catalog;
    private readonly IRecurringJobManager _jobs;
    private readonly JobStorage _storage;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<CollectorScheduler> _logger;

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
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in _catalog.Definitions.Where(d => d.Enabled))
        {
            var jobId = Prefix + definition.Id;
            wanted.Add(jobId);
            var collectorId = definition.Id;
            _jobs.AddOrUpdate<CollectorJob>(
                jobId,
                job => job.RunAsync(collectorId, null, CancellationToken.None),
                definition.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            LogScheduled(definition.Id, definition.Schedule);
        }

        using (var connection = _storage.GetConnection())
        {
            foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith(Prefix, StringComparison.Ordinal) && !wanted.Contains(j.Id)))
            {
                _jobs.RemoveIfExists(job.Id);
                LogRemoved(job.Id);
            }
        }

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

    [LoggerMessage(LogLevel.Information, "Scheduled collector {CollectorId} at '{Schedule}'")]
    private partial void LogScheduled(string collectorId, string schedule);

    [LoggerMessage(LogLevel.Information, "Removed recurring job {JobId}: no enabled collector defines it")]
    private partial void LogRemoved(string jobId);
}
