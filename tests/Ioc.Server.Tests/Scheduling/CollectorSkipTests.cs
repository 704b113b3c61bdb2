using Hangfire;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>
/// A scheduled run that finds another run of its collector still going is skipped, and the history counts it. Alone, as
/// it takes the collector's lock in the host's job storage, which is process-wide while a host is being built.
/// </summary>
[Collection(nameof(HangfireLogProviderCollection))]
public sealed class CollectorSkipTests : IAsyncLifetime
{
    private const string CollectorId = "portal-records";

    private string _collectors = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        _collectors = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
        var yaml = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "collectors", CollectorId + ".yaml"));

        // Once a year: only the trigger below runs it.
        await File.WriteAllTextAsync(Path.Combine(_collectors, CollectorId + ".yaml"), yaml.Replace("\"*/5 * * * * *\"", "\"0 0 1 1 *\"", StringComparison.Ordinal));
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task RunFindingItsCollectorLocked_IsSkipped_AndCountedInHistory()
    {
        var status = _server.Get<CollectorStatusBoard>();
        using (var connection = _server.Get<JobStorage>().GetConnection())
        using (connection.AcquireDistributedLock($"ioc:collector:{CollectorId}", TimeSpan.FromSeconds(5)))
        {
            _server.Get<IRecurringJobManager>().Trigger(Ioc.Server.Scheduling.CollectorScheduler.JobId("0 0 1 1 *"));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (status.Get(CollectorId).LastRun is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        var skipped = status.Get(CollectorId).LastRun;
        Assert.NotNull(skipped);
        Assert.Equal(CollectorRunOutcome.Skipped, skipped.Outcome);
        Assert.Equal("another run of this collector was still going", skipped.Error);
        var runs = _server.Get<ICollectorRunStore>();
        var deadlineForHistory = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<CollectorRunRecord> history;
        while ((history = await runs.ListRunsAsync(CollectorId, 10)).Count == 0 && DateTime.UtcNow < deadlineForHistory)
        {
            await Task.Delay(100);
        }

        var run = Assert.Single(history);
        Assert.Equal(CollectorRunOutcome.Skipped, run.Outcome);
        Assert.Equal(skipped.ScheduledTime, run.Slot);
    }
}
