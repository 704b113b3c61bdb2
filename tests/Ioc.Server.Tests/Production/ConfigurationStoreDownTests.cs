using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Server.Tests.Scheduling;
using Ioc.Testing;

namespace Ioc.Server.Tests.Production;

/// <summary>
/// PostgreSQL (configuration and Hangfire's schedule) stopped for real: the process stays live, so no health check
/// restarts it; readiness names the database; pages that need it say so in a 503 page, in Vietnamese and English.
/// Alone with the other Hangfire-on-PostgreSQL tests: Hangfire's storage is process-wide while a host is being built.
/// </summary>
[Collection(nameof(HangfireLogProviderCollection))]
public sealed class ConfigurationStoreDownTests : IAsyncLifetime
{
    private readonly PostgreSqlServer _postgres = new();
    private string _collectors = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _collectors = Directory.CreateTempSubdirectory("ioc-no-collectors-").FullName;
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:Configuration:Store"] = "PostgreSql",
            ["Ioc:Scheduling:Storage"] = "PostgreSql",
            ["Ioc:PostgreSql:ConnectionString"] = await _postgres.CreateDatabaseAsync(),
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task Healthz_Stays200_WhilePostgreSqlIsStopped_ReadyzAnswers503NamingPostgreSql_ThenReadyAgain()
    {
        using var probe = Session.Anonymous(_server.BaseUrl);
        await WaitForAsync(probe, "/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        await _postgres.StopAsync();
        var liveDuring = await probe.Http.GetAsync("/healthz");
        var readyDuring = await probe.Http.GetAsync("/readyz");
        var readyBody = await readyDuring.Content.ReadAsStringAsync();
        await _postgres.StartAgainAsync();

        Assert.Equal(HttpStatusCode.OK, liveDuring.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\"}", await liveDuring.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuring.StatusCode);
        using var checks = JsonDocument.Parse(readyBody);
        Assert.Equal("Unhealthy", checks.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        await WaitForAsync(probe, "/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await probe.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task AdminAndSignIn_Answer503Page_InVietnameseAndEnglish_WithRetryAfter_WhilePostgreSqlIsStopped()
    {
        using var admin = await Session.SignInAsync(_server.BaseUrl, "admin", Session.AdminPassword);
        using var anonymous = Session.Anonymous(_server.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await PageAsync(admin, "/admin")).StatusCode);
        // The test server commits asynchronously and stops like a crash: let the new session's row reach its log.
        await Task.Delay(1_000);

        await _postgres.StopAsync();
        var answers = new List<(string Who, HttpResponseMessage Response, string Body)>();
        foreach (var (who, session, path) in new[] { ("admin", admin, "/admin"), ("admin", admin, "/admin/api-keys"), ("anonymous", anonymous, "/admin"), ("anonymous", anonymous, "/login") })
        {
            var response = await PageAsync(session, path);
            answers.Add(($"{who} {path}", response, await response.Content.ReadAsStringAsync()));
        }

        var api = await admin.Http.GetAsync("/api/v1/admin/api-keys");
        var apiBody = await api.Content.ReadAsStringAsync();
        await _postgres.StartAgainAsync();

        foreach (var (who, response, body) in answers)
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{who}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Contains("Cơ sở dữ liệu cấu hình không phản hồi", body, StringComparison.Ordinal);
            Assert.Contains("The configuration database is not answering", body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Contains("correlationId", apiBody, StringComparison.Ordinal);
        await WaitForAsync(admin, "/admin", HttpStatusCode.OK, TimeSpan.FromSeconds(30), html: true);
    }

    private static async Task<HttpResponseMessage> PageAsync(Session session, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await session.Http.SendAsync(request);
    }

    private static async Task WaitForAsync(Session session, string path, HttpStatusCode expected, TimeSpan timeout, bool html = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        HttpStatusCode last;
        string? location;
        do
        {
            using var response = html ? await PageAsync(session, path) : await session.Http.GetAsync(path);
            last = response.StatusCode;
            location = response.Headers.Location?.ToString();
            if (last == expected)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{path} still answered {(int)last} {location} after {timeout.TotalSeconds} s, not {(int)expected}");
    }
}
