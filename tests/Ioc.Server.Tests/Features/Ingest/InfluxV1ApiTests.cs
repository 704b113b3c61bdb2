using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Ingest;

public sealed class InfluxV1ServerFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// InfluxDB 1.x's own paths at the server's root, asked as Telegraf and the 1.x libraries ask them: the key as
/// Basic password or as the query parameter p, CREATE DATABASE at start, /ping; answers in InfluxDB's shape, and a
/// write behaves exactly as on /api/v1/write.
/// </summary>
public sealed class InfluxV1ApiTests(InfluxV1ServerFixture fixture) : IClassFixture<InfluxV1ServerFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task Write_AtTheRoot_TakesTheKeyAsP_AsInfluxDb1Clients_AndTheDbAndRpItName()
    {
        var measurement = Measurement();
        var points = CommunePoints.Make(units: 4, minutes: 5);
        using var client = Session.Anonymous(Server.BaseUrl);

        using var response = await client.Http.PostAsync(
            $"/write?db=telegraf&rp=autogen&precision=ms&u=telegraf&p={Uri.EscapeDataString(Server.WriteKey)}",
            Text(string.Join('\n', points.Select(p => CommunePoints.Line(measurement, p)))));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Fact]
    public async Task Write_TakesBasicAuthentication_WithAnyUserName_AndTheKeyAsPassword_GzippedToo()
    {
        var measurement = Measurement();
        var points = CommunePoints.Make(units: 4, minutes: 5);
        using var client = Session.Anonymous(Server.BaseUrl);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("người-dùng-bất-kỳ:" + Server.WriteKey)));

        using var response = await client.Http.PostAsync("/write?db=ioc&precision=ms", Gzip(string.Join('\n', points.Select(p => CommunePoints.Line(measurement, p)))));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await CommunePoints.AssertStoredAsync(Server, measurement, points);
    }

    [Fact]
    public async Task Write_WithBasicOnlyWhenChallenged_AsNetworkCredentialSendsIt_Succeeds()
    {
        var measurement = Measurement();
        using var handler = new HttpClientHandler { Credentials = new NetworkCredential("telegraf", Server.WriteKey), PreAuthenticate = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(Server.BaseUrl) };

        using var response = await http.PostAsync("/write?db=ioc&precision=s", Text($"{measurement},unit=HT value=1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/write?db=ioc")]
    [InlineData("POST", "/api/v2/write?org=ioc&bucket=ioc")]
    [InlineData("POST", "/api/v1/write")]
    [InlineData("GET", "/query?q=SHOW+DATABASES")]
    [InlineData("POST", "/write?db=ioc&u=telegraf&p=ioc_k_not-a-key")]
    [InlineData("POST", "/query?q=CREATE+DATABASE+x&p=ioc_k_not-a-key")]
    public async Task WithoutAValidKey_TheAnswerIs401InJson_WithChallenges_NeverARedirectToSignIn(string method, string path)
    {
        using var client = Session.Anonymous(Server.BaseUrl);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Text("dvc_records,unit=HT value=1") : null };

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(["Token realm=\"ioc\"", "Basic realm=\"ioc\""], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error").GetString()!;
        Assert.Equal(("unauthorized", error), (body.RootElement.GetProperty("code").GetString(), body.RootElement.GetProperty("message").GetString()));
        Assert.StartsWith("authorization failed", error, StringComparison.Ordinal);
        Assert.Contains(path.Contains("p=", StringComparison.Ordinal) ? "not valid" : "API key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ioc_k_not-a-key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyAsP_OpensOnlyInfluxDbPaths_NotMetrics_WhichTakesItAsAHeader()
    {
        var metricsKey = await Server.Admin.CreateMetricsKeyAsync("prometheus-p");
        using var client = Session.Anonymous(Server.BaseUrl);

        using var asQuery = await client.Http.GetAsync($"/metrics?p={Uri.EscapeDataString(metricsKey)}");
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", metricsKey);
        using var asHeader = await client.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, asQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asHeader.StatusCode);
    }

    [Fact]
    public async Task Write_AtTheRoot_RefusesTheWholeBatch_NamingLineAndField_ExactlyAsApiV1Write()
    {
        var measurement = Measurement();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = $"{measurement},unit=a value=1 {ts}\n{measurement},unit=b value=NaN {ts}\n{measurement},unit=c value=3 {ts}\n";

        using var root = await Server.Http.PostAsync("/write?db=ioc&precision=s", Text(body));
        using var api = await Server.Http.PostAsync("/api/v1/write?precision=s", Text(body));

        Assert.Equal(HttpStatusCode.BadRequest, root.StatusCode);
        using var rootProblem = JsonDocument.Parse(await root.Content.ReadAsStringAsync());
        using var apiProblem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        foreach (var property in new[] { "title", "detail", "error", "errorCount", "lines" })
        {
            Assert.Equal(apiProblem.RootElement.GetProperty(property).GetRawText(), rootProblem.RootElement.GetProperty(property).GetRawText());
        }

        Assert.Contains("line 2", rootProblem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("value", rootProblem.RootElement.GetProperty("lines")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await CommunePoints.RangeAsync(Server, measurement, "value", (ts - 10) * 1000, (ts + 10) * 1000));
    }

    [Fact]
    public async Task Write_AtTheRoot_TakesMinutesAndHours_AsInfluxDb1Does_WhileTheV2PathRefusesThem()
    {
        var measurement = Measurement();
        var hours = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600;

        using var written = await Server.Http.PostAsync("/write?db=ioc&precision=h", Text($"{measurement},unit=HT value=7 {hours}"));
        using var refused = await Server.Http.PostAsync("/api/v2/write?org=ioc&bucket=ioc&precision=h", Text($"{measurement},unit=HT value=8 {hours}"));

        Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var stored = Assert.Single(await CommunePoints.RangeAsync(Server, measurement, "value", (hours * 3600 - 60) * 1000, (hours * 3600 + 60) * 1000));
        Assert.Equal(7, stored.Points.Single()[1]);
        Assert.Equal(hours * 3_600_000d, stored.Points.Single()[0]);
    }

    [Fact]
    public async Task Query_AnswersCreateDatabaseInTheBody_AsTelegrafSendsIt_AndShowDatabases_InInfluxDbShape()
    {
        using var client = Session.Anonymous(Server.BaseUrl);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Server.WriteKey);

        using var create = await client.Http.PostAsync("/query", new FormUrlEncodedContent(new Dictionary<string, string> { ["q"] = "CREATE DATABASE \"telegraf\" WITH DURATION 30d" }));
        using var show = await client.Http.GetAsync("/query?q=" + Uri.EscapeDataString("create database hatinh; SHOW DATABASES"));

        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Equal("""{"results":[{"statement_id":0}]}""", await create.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.Equal(
            """{"results":[{"statement_id":0},{"statement_id":1,"series":[{"name":"databases","columns":["name"],"values":[["ioc"]]}]}]}""",
            await show.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("SELECT mean(online_rate) FROM dvc_records", "statement 1 ('SELECT mean(online_rate) FROM dvc_records')")]
    [InlineData("CREATE DATABASE x; DROP DATABASE x", "statement 2 ('DROP DATABASE x')")]
    [InlineData("", "missing required parameter \"q\"")]
    public async Task Query_RefusesEveryOtherStatement_NamingIt_InInfluxDbShape(string q, string expected)
    {
        using var response = await Server.Http.GetAsync("/query?db=ioc&q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_Answers204_WithTheInfluxDbVersion_ToAnyone_HeadAndVerboseToo()
    {
        using var client = Session.Anonymous(Server.BaseUrl);

        using var get = await client.Http.GetAsync("/ping");
        using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/ping"));
        using var verbose = await client.Http.GetAsync("/ping?verbose=true");

        Assert.Equal(HttpStatusCode.NoContent, get.StatusCode);
        Assert.Equal("1.8.10", get.Headers.GetValues("X-Influxdb-Version").Single());
        Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, verbose.StatusCode);
        Assert.Equal("""{"version":"1.8.10"}""", await verbose.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_AnswersPass_InInfluxDb2Shape_ToAnyone()
    {
        using var client = Session.Anonymous(Server.BaseUrl);

        using var response = await client.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pass", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("1.8.10", body.RootElement.GetProperty("version").GetString());
    }

    private static string Measurement() => "dvc_v1_" + Guid.NewGuid().ToString("N")[..8];

    private static StringContent Text(string body) => new(body, Encoding.UTF8, "text/plain");

    private static ByteArrayContent Gzip(string body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
