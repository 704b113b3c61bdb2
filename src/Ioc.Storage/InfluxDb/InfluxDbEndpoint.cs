using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// The HTTP side of one InfluxDB's v1 API: <c>/write</c>, <c>/query</c> and <c>/ping</c>, each request under the
/// configured timeout. Whatever says "not now" (no connection, no answer in time, 408, 429, 5xx) becomes a
/// <see cref="StoreUnavailableException"/> naming the URL and the reason, and carrying the server's Retry-After, capped
/// at <see cref="InfluxDbMetricStoreOptions.MaxRetryAfter"/>.
/// </summary>
/// <remarks>
/// One quick second attempt, 100–300 ms later, follows a failed connection or a 5xx without Retry-After: that
/// covers a pooled connection the server has just closed or a proxy's blip, and costs a fraction of a second
/// when InfluxDB is really down. Time-outs, 429 and any Retry-After are not retried here, since waiting again
/// would hold the caller for longer than the durable spool in front of this store needs to take over.
/// </remarks>
internal sealed partial class InfluxDbEndpoint : IDisposable
{
    private const int MaxAttempts = 2;
    private static readonly MediaTypeHeaderValue LineProtocol = new("text/plain") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _maxRetryAfter;
    private readonly ILogger _logger;
    private readonly Uri _write;
    private readonly Uri _query;
    private readonly Uri _ping;

    public InfluxDbEndpoint(InfluxDbMetricStoreOptions options, ILogger logger)
    {
        _timeout = options.Timeout;
        _maxRetryAfter = options.MaxRetryAfter;
        _logger = logger;
        Url = options.Url.TrimEnd('/');
        var root = new Uri(Url + "/");
        var rp = string.IsNullOrEmpty(options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(options.RetentionPolicy);
        var db = "db=" + Uri.EscapeDataString(options.Database);
        _write = new Uri(root, $"write?{db}{rp}&precision={options.WritePrecision.ToParameter()}");
        _query = new Uri(root, $"query?{db}&epoch=ns");
        _ping = new Uri(root, "ping");
        _http = new HttpClient(new SocketsHttpHandler
        {
            // Answers to queries come compressed; request bodies are compressed by the store itself.
            AutomaticDecompression = DecompressionMethods.GZip,
            ConnectTimeout = options.Timeout,

            // A container restarted under the same name gets a new address: reconnect now and then to look it up again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            // Each request carries its own deadline (SendAsync), so a time-out can be told from the caller's cancellation.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Ioc", "1.0"));
        if (!string.IsNullOrEmpty(options.Token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.Token);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }
    }

    /// <summary>The base URL, for messages; it carries no credentials (the options refuse them).</summary>
    public string Url { get; }

    /// <exception cref="StoreUnavailableException">InfluxDB cannot take the write now.</exception>
    public async Task<InfluxWriteResponse> WriteAsync(ReadOnlyMemory<byte> body, bool gzipped, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("write", () =>
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = LineProtocol;
            if (gzipped)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            return new HttpRequestMessage(HttpMethod.Post, _write) { Content = content };
        }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return InfluxWriteResponse.Success;
        }

        var error = InfluxWriteResponse.ErrorText(response, await response.Content.ReadAsStringAsync(cancellationToken));
        if (InfluxWriteResponse.IsRefusal(response.StatusCode))
        {
            return InfluxWriteResponse.Refused(error);
        }

        // 401, 403, 404 (no such database or bucket): the points are fine, the setup is not. Failing as unavailable
        // keeps them in the spool until an operator fixes it, rather than throwing them away.
        throw new StoreUnavailableException($"InfluxDB at {Url} refused the write with {Status(response)}: {error}; check {InfluxDbMetricStoreOptions.Section}");
    }

    /// <summary>Runs one statement; the answer is the JSON of <c>/query?epoch=ns</c>.</summary>
    /// <exception cref="StoreUnavailableException">InfluxDB cannot answer now.</exception>
    /// <exception cref="InvalidOperationException">InfluxDB refused the query itself.</exception>
    public async Task<JsonDocument> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        // POST with a form body: a selector with many long tag values would outgrow a URL.
        using var response = await SendAsync("query", () => new HttpRequestMessage(HttpMethod.Post, _query)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", influxQl)]),
        }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }

        var error = InfluxWriteResponse.ErrorText(response, await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new InvalidOperationException($"InfluxDB at {Url} refused the query {influxQl}: {error}");
        }

        throw new StoreUnavailableException($"InfluxDB at {Url} refused the query with {Status(response)}: {error}; check {InfluxDbMetricStoreOptions.Section}");
    }

    /// <summary>1.x and 2.x answer 204, 3.x 200; neither asks for credentials.</summary>
    public async Task<(bool Answered, string Reason)> PingAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.GetAsync(_ping, deadline.Token);
            return (response.IsSuccessStatusCode, Status(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (false, Describe(ex));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends until InfluxDB answers something other than "not now", or the attempts are spent.</summary>
    private async Task<HttpResponseMessage> SendAsync(string action, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            Exception? inner = null;
            bool again;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(_timeout);
                try
                {
                    using var request = createRequest();
                    var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
                    if (!IsTransient(response.StatusCode))
                    {
                        return response;
                    }

                    using (response)
                    {
                        retryAfter = RetryAfter(response.Headers.RetryAfter, _maxRetryAfter);
                        reason = $"answered {Status(response)}: {InfluxWriteResponse.ErrorText(response, await response.Content.ReadAsStringAsync(deadline.Token))}";
                        again = retryAfter is null && (int)response.StatusCode >= 500;
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = $"did not answer within {_timeout.TotalSeconds:0.###} s";
                    inner = ex;
                    again = false;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    reason = Describe(ex);
                    inner = ex;
                    again = true;
                }
            }

            if (!again || attempt >= MaxAttempts)
            {
                throw new StoreUnavailableException($"InfluxDB at {Url} is unavailable for {action}: {reason}", retryAfter, inner);
            }

            var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(100, 300));
            LogRetrying(Url, action, reason, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The server's wait, as a delay or a date, within zero and <paramref name="max"/>.</summary>
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeSpan max)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, max.Ticks)) : null;
    }

    private static string Status(HttpResponseMessage response) => $"{(int)response.StatusCode} {response.ReasonPhrase}";

    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => $"its host name does not resolve ({ex.Message})",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => $"no connection ({ex.Message})",
        _ => $"the exchange failed ({ex.Message})",
    };

    [LoggerMessage(LogLevel.Information, "InfluxDB at {Url} is unavailable for {Action}: {Reason}; trying once more in {DelayMs} ms")]
    private partial void LogRetrying(string url, string action, string reason, int delayMs);
}
