using System.Net;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Scheduling;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// Anonymous <c>/sim</c> is limited per client address, seen through a known proxy; the server's own collectors,
/// which call it over loopback, are never limited.
/// </summary>
public sealed class SimulatorRateLimitTests : IAsyncLifetime
{
    private const int PerMinute = 5;
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Simulator:RequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ioc:Proxy:KnownProxies:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sim_Answers429WithRetryAfter_OnceAClientExceedsItsLimit_AndOtherClientsKeepTheirs()
    {
        using var client = Session.Anonymous(_server.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < PerMinute; i++)
        {
            using var answer = await GetAsync(client, "203.0.113.7");
            statuses.Add(answer.StatusCode);
        }

        using var limited = await GetAsync(client, "203.0.113.7");
        using var other = await GetAsync(client, "203.0.113.8");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.StartsWith($"at most {PerMinute} requests a minute to /sim from one address (Ioc:Simulator:RequestsPerMinute)", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ServersOwnCollectors_AreNeverLimited_ThroughAReplayOfManyTimesTheLimit()
    {
        var runner = _server.Get<CollectorRunner>();
        var now = DateTimeOffset.UtcNow;
        var slots = Enumerable.Range(1, 4 * PerMinute).Select(i => now.AddMinutes(-i)).Reverse().ToList();

        foreach (var definition in _server.Get<CollectorCatalog>().Definitions)
        {
            var (done, failed, lastError) = await CollectorReplay.ReplayAsync(slots, slot => runner.RunAsync(definition.Id, slot, replay: true));

            Assert.True(failed == 0, $"{definition.Id}: {lastError}");
            Assert.Equal(slots.Count, done);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(Session client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sim/payments/summary");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.Http.SendAsync(request);
    }
}
