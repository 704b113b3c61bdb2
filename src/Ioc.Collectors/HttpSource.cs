using System.Net;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ioc.Collectors;

/// <summary>
/// GETs a source the way every HTTP collector kind may: redirects followed only within the URL's own scheme, host
/// and port; no more than <see cref="MaxResponseBytes"/> read, counted after decompression while the body streams;
/// an error status or an HTML page (a sign-in or error page) refused with a short reason. Every message shows URLs
/// through <see cref="RedactedUrl"/>. The kind parses the body; this class knows nothing of its format.
/// </summary>
internal sealed class HttpSource
{
    /// <summary>Same-origin redirects followed before the run fails; enough for a moved path or a trailing slash.</summary>
    internal const int MaxRedirects = 5;

    /// <summary>Default of <c>spec.maxResponseBytes</c>: 10 MB.</summary>
    internal const long DefaultMaxResponseBytes = 10 * 1024 * 1024;

    /// <summary>Upper bound of <c>spec.maxResponseBytes</c>: one answer is held or parsed in memory.</summary>
    internal const long MaxResponseBytesLimit = 1024 * 1024 * 1024;

    private readonly IHttpClientFactory _http;
    private readonly string _clientName;
    private readonly string _format;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    /// <param name="clientName">The named client to ask the factory for, registered with <see cref="AddClient"/>.</param>
    /// <param name="format">What the answer should be, for messages: "JSON", "Prometheus text".</param>
    public HttpSource(IHttpClientFactory http, string clientName, string format, IReadOnlyList<KeyValuePair<string, string>> headers, long maxResponseBytes)
    {
        _http = http;
        _clientName = clientName;
        _format = format;
        _headers = headers;
        MaxResponseBytes = maxResponseBytes;
    }

    public long MaxResponseBytes { get; }

    /// <summary>
    /// Registers the named <see cref="HttpClient"/> a kind asks the factory for: redirects off (this class follows
    /// them, on the source's own origin only), answers decompressed so that the size cap counts what is parsed, not
    /// what travelled, and no request logging. One client per kind, so a host can configure proxies, certificates or
    /// handlers per kind.
    /// </summary>
    public static void AddClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler((handler, services) =>
            {
                switch (handler)
                {
                    case SocketsHttpHandler sockets:
                        sockets.AllowAutoRedirect = false;
                        sockets.AutomaticDecompression = DecompressionMethods.All;
                        var policy = new SourceAddressPolicy(services.GetService<IOptions<SourceAddressOptions>>()?.Value ?? new SourceAddressOptions());
                        sockets.ConnectCallback = policy.ConnectAsync;
                        break;
                    case HttpClientHandler client:
                        client.AllowAutoRedirect = false;
                        client.AutomaticDecompression = DecompressionMethods.All;
                        break;
                }
            })
            // The factory's handlers log every request URI, query included, at Information: source URLs carry keys.
            .RemoveAllLoggers();

    /// <summary>
    /// GETs <paramref name="url"/> and gives the answer to <paramref name="read"/>. Reading past the cap, or the
    /// connection failing while reading, fails the run here; <paramref name="read"/> reports its format's own errors
    /// as <see cref="CollectorException"/>s.
    /// </summary>
    public async Task<T> ReadAsync<T>(string collectorId, Uri url, Func<HttpAnswer, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var client = _http.CreateClient(_clientName);
        // The runner's token carries the definition's timeout; HttpClient's own 100 s default would cut longer ones short.
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await SendAsync(client, collectorId, url, cancellationToken);
        var shown = RedactedUrl.Of(url);
        if (!response.IsSuccessStatusCode)
        {
            // A server error or "too many requests" may pass; any other refusal will be the same next time.
            throw new CollectorException($"GET {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}{await ExcerptAsync(response, cancellationToken)}")
            {
                Transient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
            };
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "text/html" or "application/xhtml+xml")
        {
            throw new CollectorException($"GET {shown}: the answer is an HTML page ({mediaType}), not {_format}; a sign-in or error page?");
        }

        if (response.Content.Headers.ContentLength is { } length && length > MaxResponseBytes)
        {
            throw new CollectorException($"GET {shown}: the answer ({length} bytes) is larger than spec.maxResponseBytes ({MaxResponseBytes})");
        }

        try
        {
            await using var body = new SizeCappedStream(await response.Content.ReadAsStreamAsync(cancellationToken), MaxResponseBytes);
            return await read(new HttpAnswer(shown, mediaType, body), cancellationToken);
        }
        catch (ResponseTooLargeException)
        {
            throw new CollectorException($"GET {shown}: the answer is larger than spec.maxResponseBytes ({MaxResponseBytes}); reading stopped there");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new CollectorException($"GET {shown} failed while reading the answer: {RedactedUrl.InText(ex.Message)}", ex) { Transient = true };
        }
    }

    /// <summary>Whether a redirect from <paramref name="url"/> to <paramref name="target"/> may be followed.</summary>
    internal static bool SameOrigin(Uri url, Uri target) =>
        string.Equals(url.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(url.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        url.Port == target.Port;

    /// <summary>Checks <c>spec.url</c>: required, absolute http or https.</summary>
    internal static Uri? CheckUrl(string? text, string source, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{source}: spec.url: required, the http(s) address to GET");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{source}: spec.url: '{text}' is not an absolute http or https URL");
            return null;
        }

        return url;
    }

    /// <summary>Checks <c>spec.headers</c>: each must be a request header a GET can send.</summary>
    internal static List<KeyValuePair<string, string>> CheckHeaders(Dictionary<string, string>? headers, string source, List<string> problems)
    {
        var checkedHeaders = new List<KeyValuePair<string, string>>();
        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in headers ?? [])
        {
            // Content headers (Content-Type…) and malformed names are refused here rather than ignored at run time.
            if (value is null || !probe.Headers.TryAddWithoutValidation(name, value))
            {
                problems.Add($"{source}: spec.headers.{name}: not a request header a GET can send");
                continue;
            }

            checkedHeaders.Add(new(name, value));
        }

        return checkedHeaders;
    }

    /// <summary>Checks <c>spec.maxResponseBytes</c> and returns it, or its default when it is not given.</summary>
    internal static long CheckMaxResponseBytes(long? value, string source, List<string> problems)
    {
        var maxResponseBytes = value ?? DefaultMaxResponseBytes;
        if (maxResponseBytes is < 1 or > MaxResponseBytesLimit)
        {
            problems.Add($"{source}: spec.maxResponseBytes: {maxResponseBytes} must be a number of bytes from 1 to {MaxResponseBytesLimit} (default {DefaultMaxResponseBytes}, 10 MB)");
        }

        return maxResponseBytes;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string collectorId, Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hops = 0; ; hops++)
        {
            var response = await SendOnceAsync(client, url, current, cancellationToken);

            Uri target;
            if (IsRedirect(response.StatusCode))
            {
                if (response.Headers.Location is not { } location)
                {
                    response.Dispose();
                    throw new CollectorException($"GET {RedactedUrl.Of(current)} answered {(int)response.StatusCode} without a Location");
                }

                target = new Uri(current, location);
            }
            else
            {
                // A client whose handler follows redirects itself has already been elsewhere; refuse what it brought back.
                target = response.RequestMessage?.RequestUri ?? current;
            }

            if (!SameOrigin(url, target))
            {
                response.Dispose();
                throw new CollectorException(
                    $"GET {RedactedUrl.Of(url)} was redirected to {RedactedUrl.Of(target)}, another host or scheme: collector '{collectorId}' " +
                    "follows redirects only to the same scheme, host and port (is the source asking to sign in?)");
            }

            if (!IsRedirect(response.StatusCode))
            {
                return response;
            }

            response.Dispose();
            if (hops == MaxRedirects)
            {
                throw new CollectorException($"GET {RedactedUrl.Of(url)}: more than {MaxRedirects} redirects; collector '{collectorId}' stopped at {RedactedUrl.Of(target)}");
            }

            current = target;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, Uri url, Uri current, CancellationToken cancellationToken)
    {
        // Headers (API keys) go to the definition's own origin only: SameOrigin is checked before every hop.
        using var request = new HttpRequestMessage(HttpMethod.Get, current);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // The address policy's refusal is the useful part; the handler wraps it in a generic message.
            var reason = ex.InnerException is SourceAddressRefusedException refused ? refused.Message : ex.Message;
            // Refused by the address policy: asking again gets the same answer. Anything else is the network.
            throw new CollectorException($"GET {RedactedUrl.Of(url)} failed: {RedactedUrl.InText(reason)}", ex) { Transient = ex.InnerException is not SourceAddressRefusedException };
        }
    }

    /// <summary>
    /// The start of an error answer's body on one line, so the administrator sees what the source said ("token
    /// expired"); read within a small cap, since an error page may be large.
    /// </summary>
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int MaxChars = 300;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxChars * 4];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            text = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return text.Length == 0 ? "" : ": " + (text.Length > MaxChars ? text[..MaxChars] + "…" : text);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
