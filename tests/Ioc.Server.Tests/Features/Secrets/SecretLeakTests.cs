using System.Net;
using System.Text;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Features.Secrets;

/// <summary>
/// An admin sets a source's token as a secret; after a restart a collector sends it as a bearer header to a source
/// that echoes it in its answer, so the run fails quoting it. The token reaches the source, and nowhere else: not
/// the configuration database file, any API answer, the secrets page or the log.
/// </summary>
public sealed class SecretLeakTests : IAsyncLifetime
{
    private const string CollectorId = "portal-behind-token";
    private const string Token = "Kbac-7Qz9-HaGiang-2026-xyzzy";
    private readonly string _folder = Directory.CreateTempSubdirectory("ioc-secrets-").FullName;
    private readonly List<string> _authorizations = [];
    private WebApplication _source = null!;

    private string ConfigPath => Path.Combine(_folder, "ioc-config.db");

    private string Collectors => Path.Combine(_folder, "collectors");

    private string Logs => Path.Combine(_folder, "logs");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Collectors);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _source = builder.Build();

        // A careless source: its refusal quotes the header it was sent, so the run's error carries the value.
        _source.MapGet("/stats", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            lock (_authorizations)
            {
                _authorizations.Add(authorization);
            }

            return Results.Text($"{{\"error\":\"token expired: {authorization}\"}}", "application/json", statusCode: 401);
        });
        await _source.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ASecretUsedByAFailingCollector_ReachesTheSource_AndNoFileAnswerPageOrLog()
    {
        var answers = new List<(string Where, string Text)>();
        await using (var first = await StartAsync())
        {
            using var put = await first.Http.PutAsync("/api/v1/admin/secrets/PORTAL_TOKEN", new StringContent(Token, Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            answers.Add(("the PUT answer", await put.Content.ReadAsStringAsync()));
        }

        await File.WriteAllTextAsync(Path.Combine(Collectors, "portal.yaml"), $$"""
            apiVersion: ioc/v1
            id: {{CollectorId}}
            name: Cổng dịch vụ công tỉnh (token)
            kind: http-json
            schedule: "*/5 * * * *"
            timeout: 5s
            spec:
              url: "{{_source.Urls.First()}}/stats"
              headers:
                Authorization: "Bearer ${secret:PORTAL_TOKEN}"
              mappings: [ { measurement: dvc_records, fields: { value: $.value } } ]
            """);
        await using (var second = await StartAsync())
        {
            var result = await second.Get<CollectorRunner>().RunAsync(CollectorId, DateTimeOffset.UtcNow.AddMinutes(-1));

            Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
            Assert.Contains("answered 401 Unauthorized: {\"error\":\"token expired: Bearer •••\"}", result.Error, StringComparison.Ordinal);
            lock (_authorizations)
            {
                Assert.Equal(["Bearer " + Token], _authorizations);
            }

            var runs = await RunsAsync(second);
            using (var listed = System.Text.Json.JsonDocument.Parse(runs))
            {
                Assert.Equal(result.Error, listed.RootElement[0].GetProperty("error").GetString());
            }

            answers.Add(("the runs API", runs));
            answers.Add(("the collectors API", await second.Http.GetStringAsync("/api/v1/collectors")));
            answers.Add(("the sources API", await second.Http.GetStringAsync("/api/v1/sources")));
            answers.Add(("the collector's API", await second.Http.GetStringAsync($"/api/v1/collectors/{CollectorId}")));
            answers.Add(("the collector's export", await second.Http.GetStringAsync($"/api/v1/collectors/{CollectorId}/export")));
            var list = await second.Http.GetStringAsync("/api/v1/admin/secrets");
            Assert.Contains("\"name\":\"PORTAL_TOKEN\"", list, StringComparison.Ordinal);
            answers.Add(("the secrets API", list));
            var audit = await second.Http.GetStringAsync("/api/v1/admin/audit");
            Assert.Contains("secret.created", audit, StringComparison.Ordinal);
            answers.Add(("the audit API", audit));
            var page = WebUtility.HtmlDecode(await second.Http.GetStringAsync("/admin/secrets"));
            Assert.Contains("${secret:PORTAL_TOKEN}", page, StringComparison.Ordinal);
            answers.Add(("the secrets page", page));
        }

        var database = ReadAll(Directory.GetFiles(_folder, "ioc-config.db*"));
        Assert.Contains("${secret:PORTAL_TOKEN}", database, StringComparison.Ordinal);
        answers.Add(("the configuration database", database));
        var log = ReadAll(Directory.GetFiles(Logs));
        Assert.Contains($"\"CollectorId\":\"{CollectorId}\"", log, StringComparison.Ordinal);
        answers.Add(("the log", log));
        foreach (var (where, text) in answers)
        {
            Assert.False(text.Contains(Token, StringComparison.Ordinal), $"the secret reached {where}");
            Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)), StringComparison.Ordinal), $"the secret, Base64-encoded, reached {where}");
        }
    }

    private Task<IocServer> StartAsync() => IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:CollectorsPath"] = Collectors,
        ["Ioc:Configuration:Sqlite:Path"] = ConfigPath,
        ["Ioc:Logging:JsonFile"] = Path.Combine(Logs, "ioc-.json"),

        // Everything that could carry the header is logged.
        ["Serilog:MinimumLevel:Default"] = "Debug",
    });

    /// <summary>The history is written a moment after the run; wait for it.</summary>
    private static async Task<string> RunsAsync(IocServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var runs = await server.Http.GetStringAsync($"/api/v1/collectors/{CollectorId}/runs");
        while (runs == "[]" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            runs = await server.Http.GetStringAsync($"/api/v1/collectors/{CollectorId}/runs");
        }

        return runs;
    }

    /// <summary>Raw bytes as text, so any byte of the value shows, whatever the file's structure.</summary>
    private static string ReadAll(IEnumerable<string> files) => string.Concat(files.Order().Select(f =>
    {
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }));
}
