using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests.Prometheus;

/// <summary>
/// A real HTTP server on 127.0.0.1 with a free port, answering with the exposition files in TestData, with texts a
/// test hands it (<see cref="Serve"/>), and with a few misbehaviours: status codes, redirects to another host,
/// oversized answers, answers that are not text.
/// </summary>
public sealed class ExpositionServer : IAsyncLifetime
{
    /// <summary>What an exporter of the Prometheus Go client sends with the text format.</summary>
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ConcurrentDictionary<string, byte[]> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _signInHits = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private ServiceProvider? _services;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The same server under another host name, for redirects that leave the source's host.</summary>
    public string OtherHostUrl => BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    /// <summary>A factory configured as the server configures it (<see cref="CollectorKinds.AddCollectorKinds"/>).</summary>
    public IHttpClientFactory HttpClientFactory { get; private set; } = null!;

    /// <summary>How often <c>/sign-in/{name}</c> was shown.</summary>
    public int SignInHits(string name) => _signInHits.GetValueOrDefault(name);

    /// <summary>Serves <paramref name="text"/> (UTF-8) as an exposition; returns its path.</summary>
    public string Serve(string text) => Serve(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Serves <paramref name="bytes"/> as an exposition, whatever they are; returns its path.</summary>
    public string Serve(byte[] bytes)
    {
        var key = Guid.NewGuid().ToString("N");
        _texts[key] = bytes;
        return $"/text/{key}";
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var data = Path.Combine(AppContext.BaseDirectory, "Prometheus", "TestData");
        _app.MapGet("/data/{name}", (string name) =>
            Results.Bytes(System.IO.File.ReadAllBytes(Path.Combine(data, Path.GetFileName(name))), TextContentType));
        _app.MapGet("/text/{key}", (string key) =>
            _texts.TryGetValue(key, out var bytes) ? Results.Bytes(bytes, TextContentType) : Results.NotFound());
        _app.MapGet("/typed", async (HttpContext context, string? type) =>
        {
            // An answer of "up 1" under any Content-Type, or none.
            if (!string.IsNullOrEmpty(type))
            {
                context.Response.ContentType = type;
            }

            await context.Response.Body.WriteAsync("up 1\n"u8.ToArray());
        });
        _app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        _app.MapGet("/echo-headers", (HttpRequest request) => Results.Text(
            $"request_header{{name=\"accept\",value=\"{request.Headers.Accept}\"}} 1\n" +
            $"request_header{{name=\"x_api_key\",value=\"{request.Headers["X-Api-Key"]}\"}} 1\n",
            TextContentType));
        _app.MapGet("/redirect/away/{name}", (string name) =>
            Results.Redirect($"{OtherHostUrl}/sign-in/{name}?returnUrl=%2Fmetrics%3Ftoken%3Dreturn-secret"));
        _app.MapGet("/sign-in/{name}", (string name) =>
        {
            _signInHits.AddOrUpdate(name, 1, (_, n) => n + 1);
            return Results.Text("<html><form>Đăng nhập</form></html>", "text/html");
        });
        _app.MapGet("/redirect/same", () => Results.Redirect("/data/node-exporter.prom"));
        _app.MapGet("/large", async (HttpContext context, long bytes, bool announce) =>
        {
            // "up 1" then comment lines up to the size asked; with or without Content-Length.
            context.Response.ContentType = TextContentType;
            context.Response.ContentLength = announce ? bytes : null;
            await WriteLargeAsync(context, bytes);
        });
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

    private static async Task WriteLargeAsync(HttpContext context, long bytes)
    {
        var head = "up 1\n"u8.ToArray();
        var comment = new byte[64 * 1024];
        Array.Fill(comment, (byte)' ');
        comment[0] = (byte)'#';
        comment[^1] = (byte)'\n';
        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            for (var left = bytes - head.Length; left > 0; left -= comment.Length)
            {
                var size = (int)Math.Min(left, comment.Length);
                await context.Response.Body.WriteAsync(comment.AsMemory(comment.Length - size), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The collector hung up once it had read enough: what these answers are for.
        }
    }
}
