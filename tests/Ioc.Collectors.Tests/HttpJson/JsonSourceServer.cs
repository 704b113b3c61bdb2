using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.HttpJson;

/// <summary>
/// A real HTTP server on 127.0.0.1 with a free port, answering with the files in TestData and a few
/// misbehaviours (status codes, no answer, not JSON). One per test class; it holds no state between tests.
/// </summary>
public sealed class JsonSourceServer : IAsyncLifetime
{
    private WebApplication? _app;
    private ServiceProvider? _services;

    public string BaseUrl { get; private set; } = "";

    public IHttpClientFactory HttpClientFactory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var data = Path.Combine(AppContext.BaseDirectory, "HttpJson", "TestData");
        _app.MapGet("/data/{name}", (string name) =>
            Results.Bytes(File.ReadAllBytes(Path.Combine(data, Path.GetFileName(name))), "application/json"));
        _app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        _app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
        _app.MapGet("/not-json", () => Results.Text("<html>Bảo trì hệ thống</html>", "text/html"));
        _app.MapGet("/echo-headers", (HttpRequest request) =>
            Results.Json(new { apiKey = request.Headers["X-Api-Key"].ToString(), value = 1 }));
        _app.MapGet("/echo-query", (HttpRequest request) =>
            Results.Json(new { at = request.Query["at"].ToString(), unit = request.Query["unit"].ToString(), value = 1 }));
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        HttpClientFactory = _services.GetRequiredService<IHttpClientFactory>();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
