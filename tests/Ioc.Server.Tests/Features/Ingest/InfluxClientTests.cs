using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Features.Ingest;

public sealed class InfluxClientFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    internal RequestRecorder Requests { get; } = new();

    public async Task InitializeAsync() =>
        Server = await IocServer.StartAsync(services: s => s.AddSingleton<IStartupFilter>(Requests));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// InfluxDB client libraries that nobody here wrote, run by node as a user's program would, pointed at the server's
/// root with an Ioc API key: every point reads back exactly through Ioc's query API, names with commas, spaces and
/// '=' included; a wrong key is a 401 the client reports, and nothing is stored.
/// </summary>
public sealed class InfluxClientTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task OfficialJavaScriptClient_WritesAThousandPoints_GzippedInBatches_AndTheyReadBackExactly()
    {
        var measurement = Measurement("js_v2");
        var points = CommunePoints.Make();
        fixture.Requests.Clear();

        var result = await InfluxClientRun.RunAsync(new { client = "official-v2", url = Server.BaseUrl, key = Server.WriteKey, measurement, points, batchSize = 100, gzipThreshold = 1 });

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(Enumerable.Repeat(100, 10), result.GetProperty("batches").EnumerateArray().Select(b => b.GetInt32()));
        var writes = fixture.Requests.Writes("/api/v2/write");
        Assert.Equal(10, writes.Count);
        Assert.All(writes, w => Assert.Equal(("gzip", "Token", 204), (w.Encoding, w.AuthorizationScheme, w.Status)));
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Fact]
    public async Task NodeInflux_WithTheKeyAsItsPassword_WritesToTheRootWriteEndpoint_AndTheyReadBackExactly()
    {
        var measurement = Measurement("node_influx");
        var points = CommunePoints.Make();
        fixture.Requests.Clear();

        // No user name: node-influx sends "root" with the password, as HTTP Basic.
        var result = await InfluxClientRun.RunAsync(new { client = "node-influx", url = Server.BaseUrl, key = Server.WriteKey, measurement, points });

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        var write = Assert.Single(fixture.Requests.Writes("/write"));
        Assert.Equal(("Basic", 204), (write.AuthorizationScheme, write.Status));
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Fact]
    public async Task NodeInflux_WithUserNameAndPassword_WritesWithTheKeyAsPassword_AndTheyReadBackExactly()
    {
        var measurement = Measurement("node_influx_basic");
        var points = CommunePoints.Make();

        var result = await InfluxClientRun.RunAsync(new { client = "node-influx", url = Server.BaseUrl, username = "telegraf-hatinh", key = Server.WriteKey, measurement, points });

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Fact]
    public async Task NodeInflux_CreateDatabase_ShowDatabases_AndPing_AreAnsweredHarmlessly()
    {
        var measurement = Measurement("node_influx_db");
        var points = CommunePoints.Make(units: 5, minutes: 4);

        var result = await InfluxClientRun.RunAsync(new { client = "node-influx", url = Server.BaseUrl, key = Server.WriteKey, measurement, points, createDatabase = true });

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(["ioc"], result.GetProperty("databases").EnumerateArray().Select(d => d.GetString()));
        Assert.True(result.GetProperty("ping").GetProperty("online").GetBoolean());
        Assert.Equal("1.8.10", result.GetProperty("ping").GetProperty("version").GetString());
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Theory]
    [InlineData("official-v2")]
    [InlineData("node-influx")]
    public async Task AWrongKey_Is401ToTheClient_AndNothingIsStored(string client)
    {
        var measurement = Measurement("wrong_key");
        var points = CommunePoints.Make(units: 10, minutes: 10);
        var wrong = "ioc_k_" + new string('x', 40);

        var result = await InfluxClientRun.RunAsync(new { client, url = Server.BaseUrl, key = wrong, measurement, points, batchSize = 50, gzipThreshold = 1 });

        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(401, result.GetProperty("statusCode").GetInt32());
        Assert.Contains("not valid", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.ToString(), StringComparison.Ordinal);
        Assert.Empty(await CommunePoints.RangeAsync(Server, measurement, "online_rate", points[0].TimeMs - 1000, points[^1].TimeMs + 1000));
    }

    private static string Measurement(string prefix) => $"dvc_{prefix}_{Guid.NewGuid().ToString("N")[..8]}";
}
