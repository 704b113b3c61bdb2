using System.Diagnostics;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Scheduling;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>A collector with <c>jitter</c> starts at a random moment within it, and its points still carry the slot.</summary>
public sealed class CollectorJitterTests : IAsyncLifetime
{
    private readonly string _collectors = Directory.CreateTempSubdirectory("ioc-jitter-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        var payments = File.ReadAllText(Path.Combine(IocServer.RepoRoot, "collectors", "payments-online.yaml"));
        File.WriteAllText(Path.Combine(_collectors, "payments-online.yaml"), payments.Replace("\nspec:", "\njitter: 600ms\nspec:", StringComparison.Ordinal));
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task Runs_StartWithinTheJitter_AndKeepTheSlotsTime()
    {
        var catalog = _server.Get<CollectorCatalog>();
        var id = Assert.Single(catalog.Definitions).Id;
        Assert.Equal(TimeSpan.FromMilliseconds(600), catalog.Definitions.Single().Jitter);
        var job = ActivatorUtilities.CreateInstance<CollectorJob>(_server.Services);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            await job.RunAsync(id, null, CancellationToken.None);
            waits.Add(watch.Elapsed);
        }

        Assert.True(waits.Max() > TimeSpan.FromMilliseconds(100), $"no run waited: {string.Join(", ", waits)}");
        Assert.True(waits.Max() < TimeSpan.FromSeconds(3), $"a run waited past the jitter: {string.Join(", ", waits)}");
        var runs = await WaitForRunsAsync(id, 6);
        Assert.All(runs, r => Assert.Equal(0, r.Slot.Millisecond));
        Assert.All(runs, r => Assert.True(r.StartedAt >= r.Slot, $"started {r.StartedAt:o} before its slot {r.Slot:o}"));
    }

    private async Task<IReadOnlyList<CollectorRunRecord>> WaitForRunsAsync(string id, int count)
    {
        var store = _server.Get<ICollectorRunStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<CollectorRunRecord> runs;
        do
        {
            runs = await store.ListRunsAsync(id, 100);
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return runs;
    }
}
