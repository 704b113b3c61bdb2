using System.Net;
using System.Text;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Features.Secrets;

/// <summary>
/// A collector made in Ioc uses a secret; replacing the secret reaches the running collector without a restart,
/// deleting it leaves the collector out naming the secret, and a test run masks what the source echoes.
/// </summary>
public sealed class SecretReloadTests : IAsyncLifetime
{
    private const string First = "dvc-first-Rz81-token";
    private const string Second = "dvc-second-Tq42-token";
    private readonly List<string> _authorizations = [];
    private WebApplication _source = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _source = builder.Build();

        // Refuses every token, quoting it in the error body, as careless sources do.
        _source.MapGet("/stats", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            lock (_authorizations)
            {
                _authorizations.Add(authorization);
            }

            return Results.Text($"{{\"error\":\"token not accepted: {authorization}\"}}", "application/json", statusCode: 401);
        });
        await _source.StartAsync();
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Collectors:ReloadInterval"] = "00:00:00.200" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _source.DisposeAsync();
    }

    [Fact]
    public async Task ReplacingASecret_ReachesTheCollector_AndDeletingIt_LeavesTheCollectorOutNamingIt()
    {
        await PutSecretAsync(First);
        using (var created = await _server.Http.PostAsync("/api/v1/collectors", Yaml("portal-token")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await WaitUntilAsync(() => _server.Get<CollectorCatalog>().TryGet("portal-token", out _, out _));
        var failed = await _server.Get<CollectorRunner>().RunAsync("portal-token", DateTimeOffset.UtcNow);
        Assert.Equal(CollectorRunOutcome.Failed, failed.Outcome);
        Assert.Contains("token not accepted: Bearer •••", failed.Error, StringComparison.Ordinal);
        Assert.Equal("Bearer " + First, LastAuthorization());

        await PutSecretAsync(Second);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (LastAuthorization() != "Bearer " + Second && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await _server.Get<CollectorRunner>().RunAsync("portal-token", DateTimeOffset.UtcNow);
        }

        Assert.Equal("Bearer " + Second, LastAuthorization());

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("/api/v1/admin/secrets/PORTAL_TOKEN")).StatusCode);
        await WaitUntilAsync(() => !_server.Get<CollectorCatalog>().TryGet("portal-token", out _, out _));
        var entry = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/v1/collectors/portal-token")).RootElement;
        Assert.Contains("unknown secret 'PORTAL_TOKEN' (add it under /admin/secrets)", entry.GetProperty("loadError").GetString(), StringComparison.Ordinal);
        Assert.Contains("${secret:PORTAL_TOKEN}", await _server.Http.GetStringAsync("/api/v1/collectors/portal-token/export"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRun_MasksTheSecret_TheSourceEchoes()
    {
        await PutSecretAsync(First);

        using var response = await _server.Http.PostAsync("/api/v1/collectors/test", Yaml("portal-trial"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("token not accepted: Bearer •••", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer " + First, LastAuthorization());
        Assert.DoesNotContain(First, text, StringComparison.Ordinal);
    }

    private async Task PutSecretAsync(string value)
    {
        using var put = await _server.Http.PutAsync("/api/v1/admin/secrets/PORTAL_TOKEN", new StringContent(value, Encoding.UTF8, "text/plain"));
        Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
    }

    private string? LastAuthorization()
    {
        lock (_authorizations)
        {
            return _authorizations.LastOrDefault();
        }
    }

    private StringContent Yaml(string id) => new($$"""
        apiVersion: ioc/v1
        id: {{id}}
        name: Cổng dịch vụ công — thống kê (token)
        kind: http-json
        schedule: "0 * * * *"
        timeout: 5s
        spec:
          url: "{{_source.Urls.First()}}/stats"
          headers: { Authorization: "Bearer ${secret:PORTAL_TOKEN}" }
          mappings: [ { measurement: dvc_records, fields: { value: $.value } } ]
        """, Encoding.UTF8, "application/yaml");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the collectors were not reloaded within 10 s");
            await Task.Delay(100);
        }
    }
}
