using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Ioc.Storage.InfluxDb;
using Ioc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.InfluxDb;

internal static class InfluxStores
{
    public static InfluxDbMetricStore Open(InfluxDbServer server, ILogger<InfluxDbMetricStore>? logger = null, Action<InfluxDbMetricStoreOptions>? configure = null) =>
        Open(server.Url, server.Database, logger, configure);

    public static InfluxDbMetricStore Open(string url, string database = "ioc_test", ILogger<InfluxDbMetricStore>? logger = null, Action<InfluxDbMetricStoreOptions>? configure = null)
    {
        var options = new InfluxDbMetricStoreOptions { Url = url, Database = database };
        configure?.Invoke(options);
        return new InfluxDbMetricStore(Options.Create(options), logger ?? new ListLogger<InfluxDbMetricStore>());
    }

    /// <summary>A loopback port nothing listens on: connecting to it is refused at once.</summary>
    public static string ClosedUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}

internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps what was logged, with exceptions, so a test can see what a failure reported and what it never showed.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Every message and exception text, for "never appears" checks.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => e.Message + "\n" + e.Exception));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
}

internal sealed record StubRequest(string Method, string PathAndQuery, string? Authorization, string? ContentEncoding, string Body);

/// <summary>
/// A local HTTP server that answers like an InfluxDB in trouble, as told by <see cref="Answer"/>, and keeps every
/// request it got (gzip bodies unpacked). What a real influxd cannot be made to do on cue: 503 with Retry-After,
/// 500, silence past the time-out, and showing the headers a client sent.
/// </summary>
internal sealed class StubInfluxServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StubInfluxServer()
    {
        // HttpListener has no "any free port"; a taken port makes Start throw, and another try takes another port.
        for (var attempt = 0; ; attempt++)
        {
            var port = new Uri(InfluxStores.ClosedUrl()).Port;
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Status, headers and body for the n-th request (from 0); by default 204.</summary>
    public Func<int, (HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)> Answer { get; set; } =
        _ => (HttpStatusCode.NoContent, new Dictionary<string, string>(), "");

    /// <summary>How long to wait before answering, e.g. past the client's time-out.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var count = 0;
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or InvalidOperationException)
            {
                return;
            }

            var index = count++;
            _ = Task.Run(() => AnswerAsync(context, index));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, int index)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        var encoding = request.Headers["Content-Encoding"];
        if (encoding == "gzip")
        {
            await using var gzip = new GZipStream(request.InputStream, CompressionMode.Decompress);
            await gzip.CopyToAsync(body);
        }
        else
        {
            await request.InputStream.CopyToAsync(body);
        }

        _requests.Enqueue(new StubRequest(request.HttpMethod, request.Url!.PathAndQuery, request.Headers["Authorization"], encoding, Encoding.UTF8.GetString(body.ToArray())));
        try
        {
            await Task.Delay(Delay, _stop.Token);
            var (status, headers, text) = Answer(index);
            context.Response.StatusCode = (int)status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            // The client gave up or the stub is stopping.
        }
    }
}
