using System.Text;
using Ioc.Server.Hosting;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Ioc.Server.Tests.Hosting;

/// <summary>Request logs at Information and above only for what needs a look: failures, slow requests, refusals.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData(200, 5, LogEventLevel.Debug)]
    [InlineData(302, 5, LogEventLevel.Debug)]
    [InlineData(404, 5, LogEventLevel.Information)]
    [InlineData(401, 5, LogEventLevel.Information)]
    [InlineData(200, 2500, LogEventLevel.Warning)]
    [InlineData(500, 5, LogEventLevel.Error)]
    [InlineData(503, 5, LogEventLevel.Error)]
    public void Level_FollowsStatusAndDuration(int status, double elapsedMs, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/dashboards/operations-wall/data";
        context.Response.StatusCode = status;

        Assert.Equal(expected, new RequestLogLevel(TimeSpan.FromSeconds(2)).For(context, elapsedMs, null));
    }

    [Fact]
    public void Level_IsError_ForAnException_AndAHubConnectionIsNeverSlow()
    {
        var hub = new DefaultHttpContext();
        hub.Request.Path = "/hubs/live";

        Assert.Equal(LogEventLevel.Error, new RequestLogLevel(TimeSpan.FromSeconds(2)).For(new DefaultHttpContext(), 1, new InvalidOperationException("boom")));
        Assert.Equal(LogEventLevel.Debug, new RequestLogLevel(TimeSpan.FromSeconds(2)).For(hub, 3_600_000, null));
    }

    [Fact]
    public async Task Log_HoldsOrdinaryRequestsAtDebug_RefusalsAtInformation_AndSlowRequestsAtWarning()
    {
        var logs = Directory.CreateTempSubdirectory("ioc-request-logs-").FullName;
        try
        {
            await using (var server = await StartAsync(logs, "normal", "00:00:02"))
            {
                using var probe = Session.Anonymous(server.BaseUrl);
                await probe.Http.GetAsync("/healthz");
                await probe.Http.GetAsync("/api/v1/dashboards/");
            }

            await using (var slow = await StartAsync(logs, "slow", "00:00:00"))
            {
                using var probe = Session.Anonymous(slow.BaseUrl);
                await probe.Http.GetAsync("/readyz");
            }

            var normal = Read(logs, "normal");
            var slowLog = Read(logs, "slow");
            Assert.Contains(normal, e => e.Contains("\"RequestPath\":\"/healthz\"", StringComparison.Ordinal) && e.Contains("\"@l\":\"Debug\"", StringComparison.Ordinal));
            // Compact JSON leaves the level out for Information.
            Assert.Contains(normal, e => e.Contains("\"RequestPath\":\"/api/v1/dashboards/\"", StringComparison.Ordinal) && e.Contains("\"StatusCode\":401", StringComparison.Ordinal) && !e.Contains("\"@l\"", StringComparison.Ordinal));
            Assert.Contains(slowLog, e => e.Contains("\"RequestPath\":\"/readyz\"", StringComparison.Ordinal) && e.Contains("\"@l\":\"Warning\"", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    private static Task<IocServer> StartAsync(string logs, string name, string slowRequest) => IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Logging:JsonFile"] = Path.Combine(logs, name, "ioc-.json"),
        ["Ioc:Logging:SlowRequest"] = slowRequest,
        ["Serilog:MinimumLevel:Default"] = "Debug",
    });

    private static List<string> Read(string logs, string name) => [.. Directory.GetFiles(Path.Combine(logs, name)).SelectMany(f =>
    {
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    })];
}
