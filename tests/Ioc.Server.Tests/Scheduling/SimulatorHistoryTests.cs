using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Scheduling;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>
/// A fresh embedded install fills the simulator-fed collectors' history, one reading a day over 400 days, in the
/// background after start; the next start finds it in the store and does not fill it again.
/// </summary>
public sealed class SimulatorHistoryTests
{
    [Fact]
    public async Task FreshStore_GetsFourHundredDailyReadings_Once_AndNotAgainAtTheNextStart()
    {
        // Two simulator-fed collectors keep the test short; the shipped ones all go through the same path.
        var dir = Directory.CreateTempSubdirectory("ioc-history-").FullName;
        var collectors = Directory.CreateDirectory(Path.Combine(dir, "collectors")).FullName;
        foreach (var file in new[] { "payments-online.yaml", "security-approvals.yaml", "dti-index.yaml" })
        {
            File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", file), Path.Combine(collectors, file));
        }

        var settings = new Dictionary<string, string?>
        {
            ["Ioc:CollectorsPath"] = collectors,
            ["Ioc:Storage:Sqlite:Path"] = Path.Combine(dir, "ioc.db"),
            ["Ioc:Scheduling:Enabled"] = "true",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
            ["Ioc:Simulator:History"] = "400d",
            ["Ioc:Simulator:HistoryStartDelay"] = "00:00:01",
        };
        try
        {
            await using (var first = await IocServer.StartAsync(settings))
            {
                var history = await FinishedHistoryAsync(first);
                Assert.Equal(2, history.FilledCollectors);

                var now = DateTimeOffset.UtcNow;
                var days = await first.Get<IMetricStore>().QueryRangeAsync(new RangeQuery(
                    new SeriesSelector("payments_online", "transactions_ytd"),
                    UnixTime.ToNanoseconds(now.AddDays(-401)),
                    UnixTime.ToNanoseconds(now.AddHours(-12)),
                    2000,
                    Aggregation.Last));
                var points = Assert.Single(days).Values;
                Assert.InRange(points.Count, 398, 400);
                var approvals = await first.Get<IMetricStore>().QueryLastAsync(new SeriesSelector("infosec_approvals", "approved_rate"));
                Assert.Single(approvals);
            }

            await using var second = await IocServer.StartAsync(settings);
            Assert.Equal(0, (await FinishedHistoryAsync(second)).FilledCollectors);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<SimulatorHistory> FinishedHistoryAsync(IocServer server)
    {
        var history = server.Services.GetServices<IHostedService>().OfType<SimulatorHistory>().Single();
        for (var i = 0; i < 100 && history.ExecuteTask is null; i++)
        {
            await Task.Delay(50);
        }

        await history.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(4));
        return history;
    }
}
