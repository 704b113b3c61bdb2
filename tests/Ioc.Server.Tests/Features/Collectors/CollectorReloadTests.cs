using System.Net;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Ioc.Core.Collecting;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Hosting;
using Ioc.Server.Scheduling;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>
/// Nodes sharing one configuration store follow each other's collector changes within seconds, with no restart; a
/// file that takes the id of a collector made in Ioc stops the start, naming both.
/// </summary>
public sealed class CollectorReloadTests : IDisposable
{
    private readonly string _shared = Directory.CreateTempSubdirectory("ioc-shared-config-").FullName;

    public void Dispose() => Directory.Delete(_shared, recursive: true);

    [Fact]
    public async Task AChangeOnOneNode_IsScheduledOnTheOther_WithinSeconds()
    {
        await using var first = await StartNodeAsync();
        await using var second = await StartNodeAsync();

        using (var created = await first.Http.PostAsync("/api/v1/collectors", new StringContent(Definition("shared-one"), Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await WaitUntilAsync(() => second.Get<CollectorScheduler>().Scheduled.Contains("shared-one"));
        Assert.Contains(CollectorScheduler.JobId("0 * * * *"), Jobs(second));
        Assert.True(second.Get<CollectorCatalog>().TryGet("shared-one", out var definition, out _));
        Assert.Equal("Cổng dịch vụ công — hồ sơ (nút chung)", definition.Name);

        Assert.Equal(HttpStatusCode.NoContent, (await first.Http.PostAsync("/api/v1/collectors/shared-one/disable", null)).StatusCode);
        await WaitUntilAsync(() => !second.Get<CollectorScheduler>().Scheduled.Contains("shared-one"));
        var seen = JsonDocument.Parse(await second.Http.GetStringAsync("/api/v1/collectors/shared-one")).RootElement;
        Assert.True(seen.GetProperty("paused").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await first.Http.DeleteAsync("/api/v1/collectors/shared-one")).StatusCode);
        await WaitUntilAsync(() => !second.Get<CollectorCatalog>().TryGet("shared-one", out _, out _));
    }

    [Fact]
    public async Task AFileTakingTheIdOfACollectorMadeInIoc_StopsTheStart_NamingBoth()
    {
        await using (var node = await StartNodeAsync())
        {
            Assert.Equal(HttpStatusCode.Created, (await node.Http.PostAsync("/api/v1/collectors", new StringContent(Definition("made-in-ioc"), Encoding.UTF8, "application/yaml"))).StatusCode);
        }

        var files = Directory.CreateDirectory(Path.Combine(_shared, "collectors")).FullName;
        await File.WriteAllTextAsync(Path.Combine(files, "clash.yaml"), Definition("made-in-ioc"));
        var app = IocApplication.Build([
            "--environment=Testing",
            "--urls=http://127.0.0.1:0",
            $"--Ioc:Configuration:Sqlite:Path={Path.Combine(_shared, "config.db")}",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(_shared, "metrics.db")}",
            $"--Ioc:CollectorsPath={files}",
            $"--Ioc:DashboardsPath={Path.Combine(IocServer.RepoRoot, "dashboards")}",
            "--Ioc:Scheduling:Enabled=false",
            $"--Ioc:Access:AdminPassword={Session.AdminPassword}",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<DefinitionException>(() => app.Services.GetRequiredService<DefinitionProvisioner>().LoadAsync());
            var problem = Assert.Single(error.Problems);
            Assert.Contains("collectors/clash.yaml", problem, StringComparison.Ordinal);
            Assert.Contains("'made-in-ioc'", problem, StringComparison.Ordinal);
            Assert.Contains("made in Ioc", problem, StringComparison.Ordinal);
        }
    }

    private Task<IocServer> StartNodeAsync() => IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_shared, "config.db"),
        ["Ioc:Scheduling:Enabled"] = "true",
        ["Ioc:Scheduling:RunAllAtStart"] = "false",
        ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
        ["Ioc:Collectors:ReloadInterval"] = "00:00:00.500",
    });

    private static List<string> Jobs(IocServer server)
    {
        using var connection = server.Get<JobStorage>().GetConnection();
        return [.. connection.GetRecurringJobs().Select(j => j.Id)];
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the other node did not follow within 10 s");
            await Task.Delay(100);
        }
    }

    private static string Definition(string id) => $"""
        apiVersion: ioc/v1
        id: {id}
        name: Cổng dịch vụ công — hồ sơ (nút chung)
        kind: http-json
        schedule: "0 * * * *"
        spec:
          url: ${"{"}SIMULATOR_URL{"}"}/sim/payments/summary
          mappings:
            - measurement: shared_one
              fields:
                transactions: $.transactionsToday
        """;
}
