using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.HttpJson;

/// <summary>
/// A real HTTP server on 127.0.0.1 with a free port, answering with the files in TestData and a few
/// misbehaviours (status codes, no answer, not JSON, redirects, oversized and compressed answers). One per test
/// class; what it counts is keyed by a name each test picks.
/// </summary>
public sealed class JsonSourceServer : IAsyncLifetime
{
    /// <summary>Decompressed size of <c>/gzip-bomb</c>, which travels as a few tens of kilobytes.</summary>
    public const int BombBytes = 64 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, int> _signInHits = new(StringComparer.Ordinal);
    private readonly Lazy<byte[]> _bomb = new(GzipBomb);
    private WebApplication? _app;
    private ServiceProvider? _services;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The same server under another host name, for redirects that leave the source's host.</summary>
    public string OtherHostUrl => BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    /// <summary>A factory configured as the server configures it (<see cref="CollectorKinds.AddCollectorKinds"/>).</summary>
    public IHttpClientFactory HttpClientFactory { get; private set; } = null!;

    /// <summary>How often <c>/sign-in/{name}</c> was shown.</summary>
    public int SignInHits(string name) => _signInHits.GetValueOrDefault(name);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var data = Path.Combine(AppContext.BaseDirectory, "HttpJson", "TestData");
        _app.MapGet("/data/{name}", (string name) =>
            Results.Bytes(System.IO.File.ReadAllBytes(Path.Combine(data, Path.GetFileName(name))), "application/json"));
        _app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        _app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
        _app.MapGet("/not-json", () => Results.Text("<html>Bảo trì hệ thống</html>", "text/html"));
        _app.MapGet("/broken-json", () => Results.Text("{\"units\": [1, 2,\n  }", "application/json"));
        _app.MapGet("/echo-headers", (HttpRequest request) =>
            Results.Json(new { apiKey = request.Headers["X-Api-Key"].ToString(), value = 1 }));
        _app.MapGet("/echo-query", (HttpRequest request) =>
            Results.Json(new { at = request.Query["at"].ToString(), unit = request.Query["unit"].ToString(), value = 1 }));
        MapRedirects(_app);
        MapLargeAnswers(_app);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        _services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();
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

    private void MapRedirects(WebApplication app)
    {
        // Like a source behind single sign-on: unauthenticated callers are sent to another host's sign-in page.
        app.MapGet("/redirect/away/{name}", (string name) =>
            Results.Redirect($"{OtherHostUrl}/sign-in/{name}?returnUrl=%2Fapi%3Ftoken%3Dreturn-secret"));
        app.MapGet("/sign-in/{name}", (string name) =>
        {
            _signInHits.AddOrUpdate(name, 1, (_, n) => n + 1);
            return Results.Text("<html><form>Đăng nhập</form></html>", "text/html");
        });
        app.MapGet("/redirect/same", () => Results.Redirect("/redirect/same-again"));
        app.MapGet("/redirect/same-again", () => Results.Redirect("/data/summary.json", permanent: true, preserveMethod: true));
        app.MapGet("/redirect/loop", () => Results.Redirect("/redirect/loop"));
    }

    private void MapLargeAnswers(WebApplication app)
    {
        // {"v":1} then spaces (valid JSON whitespace) up to the size asked; with or without Content-Length.
        app.MapGet("/large", async (HttpContext context, long bytes, bool announce) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = announce ? bytes : null;
            await WriteLargeAsync(context, bytes);
        });
        app.MapGet("/endless", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await WriteLargeAsync(context, long.MaxValue);
        });
        app.MapGet("/gzip-bomb", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = _bomb.Value.Length;
            await context.Response.Body.WriteAsync(_bomb.Value, context.RequestAborted);
        });
    }

    private static async Task WriteLargeAsync(HttpContext context, long bytes)
    {
        var head = "{\"v\":1}"u8.ToArray();
        var spaces = new byte[64 * 1024];
        Array.Fill(spaces, (byte)' ');
        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            for (var left = bytes - head.Length; left > 0; left -= spaces.Length)
            {
                await context.Response.Body.WriteAsync(spaces.AsMemory(0, (int)Math.Min(left, spaces.Length)), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The collector hung up once it had read enough: what these answers are for.
        }
    }

    private static byte[] GzipBomb()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
        {
            gzip.Write("{\"v\":1}"u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var written = 0; written < BombBytes; written += spaces.Length)
            {
                gzip.Write(spaces);
            }
        }

        return packed.ToArray();
    }
}
