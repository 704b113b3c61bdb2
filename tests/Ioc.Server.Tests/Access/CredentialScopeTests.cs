using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Access;

/// <summary>What display tokens, keys and roles reach beyond the endpoint matrix: which dashboard, which series, which measurement.</summary>
public sealed class CredentialScopeTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private IocServer Server => fixture.Server;

    [Theory]
    [InlineData("display")]
    [InlineData("operator")]
    public async Task DashboardForLeaders_IsRefused_OverHttp(string caller)
    {
        var http = fixture.Callers[caller].Http;

        foreach (var path in new[] { $"/d/{AccessFixture.LeadersOnly}", $"/api/v1/dashboards/{AccessFixture.LeadersOnly}", $"/api/v1/dashboards/{AccessFixture.LeadersOnly}/data" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(AccessMatrixTests.IsRefusal(response), $"{caller} reached {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Leader_SeesBothDashboards_AndOperator_OnlyTheWall()
    {
        var leader = await fixture.Callers["leader"].Http.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/v1/dashboards/");
        var op = await fixture.Callers["operator"].Http.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/v1/dashboards/");

        Assert.Equal(2, leader!.Count);
        Assert.Equal(AccessFixture.Wall, Assert.Single(op!)["id"].ToString());
    }

    [Theory]
    [InlineData("display", false)]
    [InlineData("operator", false)]
    [InlineData("leader", true)]
    [InlineData("admin", true)]
    public async Task Hub_LetsEachCallerWatchOnlyWhatItMaySee(string caller, bool seesLeadersAndSeries)
    {
        await using var live = await LiveClient.ConnectAsync(Server.BaseUrl, fixture.Callers[caller].Cookies);

        await live.SubscribeDashboardAsync(AccessFixture.Wall);
        var leaders = live.SubscribeDashboardAsync(AccessFixture.LeadersOnly);
        var series = live.SubscribeSeriesAsync("dvc_records,level=province");

        if (seesLeadersAndSeries)
        {
            await leaders;
            await series;
        }
        else
        {
            Assert.Contains("not allowed", (await Assert.ThrowsAsync<HubException>(() => leaders)).Message, StringComparison.Ordinal);
            Assert.Contains("only admins and leaders", (await Assert.ThrowsAsync<HubException>(() => series)).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("writer")]
    public async Task Hub_RefusesCallersWithoutASessionOrDisplayToken(string caller)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{Server.BaseUrl}/hubs/live", o =>
            {
                o.Cookies = fixture.Callers[caller].Cookies;
                o.Headers["Authorization"] = "Token " + fixture.WriteKey;
            })
            .Build();
        await using var _ = connection;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("Bearer")]
    public async Task WriteKey_IsAcceptedInBothHeaderForms(string scheme)
    {
        using var http = Session.Anonymous(Server.BaseUrl);
        http.Http.DefaultRequestHeaders.Authorization = new(scheme, fixture.WriteKey);

        var response = await http.Http.PostAsync("/api/v1/write?precision=ms", Line("scope_schemes"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task WriteKey_CannotRead()
    {
        var writer = fixture.Callers["writer"].Http;

        foreach (var path in new[] { "/api/v1/dashboards/", $"/api/v1/dashboards/{AccessFixture.Wall}/data", "/api/v1/collectors", "/d/operations-wall" })
        {
            using var response = await writer.GetAsync(path);
            Assert.True(AccessMatrixTests.IsRefusal(response), $"the write key read {path}: {(int)response.StatusCode}");
        }

        using var query = await writer.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement = "dvc_records", field = "online_rate" } } });
        Assert.True(AccessMatrixTests.IsRefusal(query));
    }

    [Theory]
    [InlineData("anonymous", HttpStatusCode.Unauthorized)]
    [InlineData("leader", HttpStatusCode.Forbidden)]
    [InlineData("operator", HttpStatusCode.Forbidden)]
    [InlineData("writer", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("scraper", HttpStatusCode.OK)]
    public async Task Metrics_AreReadByAdminsAndMetricsKeysOnly(string caller, HttpStatusCode expected)
    {
        using var response = await fixture.Callers[caller].Http.GetAsync("/metrics");

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("Bearer")]
    public async Task MetricsKey_CannotWrite_NorReadAnythingButMetrics(string scheme)
    {
        using var http = Session.Anonymous(Server.BaseUrl);
        http.Http.DefaultRequestHeaders.Authorization = new(scheme, fixture.MetricsKey);

        using var write = await http.Http.PostAsync("/api/v1/write?precision=ms", Line("scope_metrics_key"));
        using var query = await http.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement = "dvc_records", field = "online_rate" } } });
        using var keys = await http.Http.GetAsync("/api/v1/admin/api-keys");

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.True(AccessMatrixTests.IsRefusal(query), $"the metrics key queried: {(int)query.StatusCode}");
        Assert.True(AccessMatrixTests.IsRefusal(keys), $"the metrics key listed keys: {(int)keys.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await http.Http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task MetricsKey_IsRefused_WithMeasurementPrefixes()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "mixed", scope = "metrics", measurementPrefixes = new[] { "dvc_" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metrics key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedKey_RefusesTheWholeBatch_NamingTheLineOutsideItsPrefixes()
    {
        var key = await Server.Admin.CreateApiKeyAsync("payments gateway", "payments_");
        using var http = Session.Anonymous(Server.BaseUrl);
        http.Http.DefaultRequestHeaders.Authorization = new("Token", key);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var measurement = "payments_scope_" + Guid.NewGuid().ToString("N")[..6];

        var refused = await http.Http.PostAsync("/api/v1/write?precision=ms", new StringContent($"{measurement},unit=HT value=1 {ts}\n\ndvc_records,level=province online_rate=99 {ts}", Encoding.UTF8));
        var accepted = await http.Http.PostAsync("/api/v1/write?precision=ms", new StringContent($"{measurement},unit=HT value=2 {ts}", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("line 3", problem, StringComparison.Ordinal);
        Assert.Contains("dvc_records", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        var last = await Server.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, field = "value" } } });
        Assert.Contains("\"value\":2", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_Gets401_WithTheInfluxChallenge()
    {
        using var http = Session.Anonymous(Server.BaseUrl);
        http.Http.DefaultRequestHeaders.Authorization = new("Token", "ioc_k_0123456789ab_" + new string('A', 43));

        var response = await http.Http.PostAsync("/api/v1/write?precision=ms", Line("scope_wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Token first, as InfluxDB 2.x asks; Basic too, as 1.x asks, for clients that send their password only when challenged.
        Assert.Equal(["Token", "Basic"], response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    private static StringContent Line(string measurement) =>
        new($"{measurement},unit=HT value=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain");
}
