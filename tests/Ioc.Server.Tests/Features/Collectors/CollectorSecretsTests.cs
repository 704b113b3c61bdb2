using Hangfire;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>
/// A scheduled collector whose URL carries a password and a token reads a source that sends it to another host's
/// sign-in page. The run fails, and neither secret reaches the collectors API, the log or Hangfire's pages.
/// </summary>
public sealed class CollectorSecretsTests : IAsyncLifetime
{
    private const string CollectorId = "sso-protected-source";
    private readonly string _collectors = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
    private readonly string _logs = Directory.CreateTempSubdirectory("ioc-logs-").FullName;
    private readonly string[] _secrets = ["pw-secret-7", "tok-secret-7", "return-secret-7"];
    private WebApplication _source = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _source = builder.Build();
        _source.MapGet("/stats", (HttpRequest request) =>
            Results.Redirect($"http://localhost:{request.Host.Port}/sign-in?returnUrl=%2Fstats%3Ftoken%3Dreturn-secret-7"));
        await _source.StartAsync();
        var url = _source.Urls.First().Replace("http://", "http://ops:pw-secret-7@", StringComparison.Ordinal) + "/stats?token=tok-secret-7";
        await File.WriteAllTextAsync(Path.Combine(_collectors, "sso.yaml"), $$"""
            apiVersion: ioc/v1
            id: {{CollectorId}}
            name: A provincial system behind single sign-on
            kind: http-json
            schedule: "*/1 * * * * *"
            timeout: 2s
            spec:
              url: "{{url}}"
              mappings: [ { measurement: never_written, fields: { value: $.value } } ]
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
            ["Ioc:Logging:JsonFile"] = Path.Combine(_logs, "ioc-.json"),

            // Everything that could carry a URL is logged, HttpClient's request logs included.
            ["Serilog:MinimumLevel:Default"] = "Debug",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _source.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task RedirectToSignIn_FailsTheRun_AndNoSecretOfTheUrlIsShownOrLogged()
    {
        var status = _server.Get<CollectorStatusBoard>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && status.Get(CollectorId).ConsecutiveFailures < 2)
        {
            await Task.Delay(250);
        }

        var error = status.Get(CollectorId).LastRun?.Error;
        Assert.True(status.Get(CollectorId).ConsecutiveFailures >= 2, $"the scheduler did not run {CollectorId} twice: {error}");
        var port = new Uri(_source.Urls.First()).Port;
        Assert.Equal(
            $"GET http://127.0.0.1:{port}/stats?[redacted] was redirected to http://localhost:{port}/sign-in?[redacted], another host or scheme: " +
            $"collector '{CollectorId}' follows redirects only to the same scheme, host and port (is the source asking to sign in?)",
            error);

        var api = await _server.Http.GetStringAsync("/api/v1/collectors");
        Assert.Contains("/stats?[redacted] was redirected", api, StringComparison.Ordinal);

        var jobId = Assert.Single(_server.Get<JobStorage>().GetMonitoringApi().SucceededJobs(0, 1)).Key;
        var recurring = await _server.Http.GetStringAsync("/hangfire/recurring");
        var job = await _server.Http.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        // One recurring job per schedule: its page names the schedule, and the job's page its run.
        Assert.Contains("collect every", recurring, StringComparison.Ordinal);
        Assert.Contains("collect every", job, StringComparison.Ordinal);

        var log = ReadLog();
        Assert.Contains($"\"CollectorId\":\"{CollectorId}\"", log, StringComparison.Ordinal);
        Assert.Contains("/stats?[redacted] was redirected to", log, StringComparison.Ordinal);
        foreach (var (where, text) in new[] { ("the collectors API", api), ("Hangfire's recurring jobs", recurring), ("Hangfire's job page", job), ("the log", log) })
        {
            Assert.All(_secrets, secret => Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{secret} reached {where}"));
        }
    }

    private string ReadLog() => string.Concat(Directory.GetFiles(_logs).Order().Select(f =>
    {
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }));
}
