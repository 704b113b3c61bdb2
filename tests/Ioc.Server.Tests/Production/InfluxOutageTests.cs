using System.Net.Http.Json;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Storage.Spool;
using Ioc.Testing;

namespace Ioc.Server.Tests.Production;

/// <summary>Ioc on a real influxd that goes down while points arrive, and Ioc itself killed with a full spool.</summary>
public sealed class InfluxOutageTests : IAsyncLifetime
{
    private readonly InfluxDbServer _influx = new();
    private string _dataDir = null!;

    public async Task InitializeAsync()
    {
        await _influx.InitializeAsync();
        _dataDir = Directory.CreateTempSubdirectory("ioc-outage-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _influx.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Ingest_StoresExactly100000Points_WhenInfluxDbStopsAndRestartsMidway()
    {
        await using var server = await IocServer.StartAsync(Settings().ToDictionary(s => s.Key, s => (string?)s.Value));
        const int batches = 100;
        const int perBatch = 1_000;
        var start = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();

        for (var b = 0; b < batches; b++)
        {
            if (b == 30)
            {
                await _influx.StopAsync();
            }

            if (b == 70)
            {
                await _influx.StartAgainAsync();
            }

            var response = await PostAsync(server.Http, Batch("outage", b, perBatch, start));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"batch {b}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var spool = server.Get<SpoolingMetricStore>();
        await WaitUntilAsync(() => Task.FromResult(spool.Status.DepthPoints == 0), TimeSpan.FromSeconds(60), () => $"spool still holds {spool.Status.DepthPoints} points");
        Assert.Equal(batches * perBatch, await _influx.CountAsync("outage", "value"));
        Assert.Equal(ExpectedSum(batches * perBatch), await SumAsync("outage"));
        Assert.Equal(0, spool.Status.DroppedPoints);
        Assert.True(spool.Status.ReplayedPoints > 0, "nothing went through the spool: the outage did not happen");
    }

    [Fact]
    public async Task SpoolIsReplayed_AfterIocIsKilled_WithPointsInIt()
    {
        await _influx.StopAsync();
        var settings = Settings();
        var port = IocProcess.FreePort();
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        await using (var first = await IocProcess.StartAsync(settings, port))
        {
            for (var b = 0; b < 10; b++)
            {
                var response = await PostAsync(first.Http, Batch("killed", b, 1_000, start));
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            await first.KillAsync();
        }

        await _influx.StartAgainAsync();
        await using var second = await IocProcess.StartAsync(settings, port);

        await WaitUntilAsync(async () => await _influx.CountAsync("killed", "value") == 10_000, TimeSpan.FromSeconds(60), () => second.Output);
        Assert.Equal(ExpectedSum(10_000), await SumAsync("killed"));
    }

    [Fact]
    public async Task Reads_Answer503WithRetryAfterAndACorrelationId_AndOnlyTheLogNamesInfluxDb_WhileItIsDown()
    {
        var logs = Path.Combine(_dataDir, "logs");
        var settings = Settings().ToDictionary(s => s.Key, s => (string?)s.Value);
        settings["Ioc:Logging:JsonFile"] = Path.Combine(logs, "ioc-.json");
        await using var server = await IocServer.StartAsync(settings);
        await _influx.StopAsync();

        var query = await server.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement = "dvc_records", tags = new Dictionary<string, string>(), field = "online_rate" } } });
        var page = await server.Http.GetAsync("/api/v1/dashboards/operations-wall/data");
        using var probe = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var ready = await probe.GetAsync("/readyz");

        var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", readiness.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
        Assert.DoesNotContain(new Uri(_influx.Url).Authority, readiness.GetRawText(), StringComparison.Ordinal);
        var correlations = new List<string> { readiness.GetProperty("correlationId").GetString()! };
        foreach (var response in new[] { query, page })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {body}");
            Assert.NotNull(response.Headers.RetryAfter);
            var problem = JsonDocument.Parse(body).RootElement;
            var correlation = problem.GetProperty("correlationId").GetString()!;
            Assert.Contains("send the same request again", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(correlation, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(new Uri(_influx.Url).Authority, body, StringComparison.Ordinal);
            Assert.DoesNotContain("InfluxDB", body, StringComparison.Ordinal);
            correlations.Add(correlation);
        }

        // The cause is in the log, under the id the client was given.
        await server.DisposeAsync();
        var log = string.Concat(Directory.GetFiles(logs).Select(File.ReadAllText)).Split('\n');
        Assert.All(correlations, id => Assert.Contains(log, line => line.Contains(id, StringComparison.Ordinal) && line.Contains(new Uri(_influx.Url).Authority, StringComparison.Ordinal)));
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Ioc:Storage:Kind"] = "InfluxDb",
        ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
        ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
        ["Ioc:Storage:InfluxDb:Timeout"] = "00:00:02",
        ["Ioc:Storage:Spool:Path"] = Path.Combine(_dataDir, "spool"),
        ["Ioc:Storage:Spool:MaxBackoff"] = "00:00:01",
        ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_dataDir, "config.db"),
        ["Ioc:CollectorsPath"] = Path.Combine(IocServer.RepoRoot, "collectors"),
        ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
        ["Ioc:Scheduling:Enabled"] = "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    // Value i at start + i ms: every point distinct, so the count shows loss and the sum shows corruption.
    private static string Batch(string measurement, int batch, int count, long start)
    {
        var sb = new StringBuilder(count * 48);
        for (var i = 0; i < count; i++)
        {
            var n = (batch * count) + i;
            sb.Append(measurement).Append(",unit=HT-").Append((n % 10).ToString(CultureInfo.InvariantCulture))
              .Append(" value=").Append(n.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append((start + n).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static double ExpectedSum(long n) => n * (n - 1) / 2d;

    private async Task<double> SumAsync(string measurement)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await _influx.QueryAsync($"SELECT sum(\"value\") FROM \"{measurement}\""));
        return json.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetDouble();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        return await http.PostAsync("/api/v1/write?precision=ms", content);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> explain)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"not reached within {timeout.TotalSeconds} s: {explain()}");
    }
}
