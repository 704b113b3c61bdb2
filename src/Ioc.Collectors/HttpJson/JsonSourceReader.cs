using System.Net;
using System.Text.Json;
using Ioc.Core.Collecting;

namespace Ioc.Collectors.HttpJson;

/// <summary>
/// GETs a JSON answer the way a collector may: redirects followed only within the URL's own scheme, host and
/// port; no more than <see cref="MaxResponseBytes"/> read; an HTML page or broken JSON refused with a short
/// reason. Every message shows URLs through <see cref="RedactedUrl"/>.
/// </summary>
internal sealed class JsonSourceReader
{
    /// <summary>Same-origin redirects followed before the run fails; enough for a moved path or a trailing slash.</summary>
    internal const int MaxRedirects = 5;

    /// <summary>Default of <c>spec.maxResponseBytes</c>: 10 MB.</summary>
    internal const long DefaultMaxResponseBytes = 10 * 1024 * 1024;

    private readonly IHttpClientFactory _http;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    public JsonSourceReader(IHttpClientFactory http, IReadOnlyList<KeyValuePair<string, string>> headers, long maxResponseBytes)
    {
        _http = http;
        _headers = headers;
        MaxResponseBytes = maxResponseBytes;
    }

    public long MaxResponseBytes { get; }

    public async Task<JsonDocument> ReadAsync(string collectorId, Uri url, CancellationToken cancellationToken)
    {
        using var client = _http.CreateClient(HttpJsonCollectorKind.KindName);
        // The runner's token carries the definition's timeout; HttpClient's own 100 s default would cut longer ones short.
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await SendAsync(client, collectorId, url, cancellationToken);
        var shown = RedactedUrl.Of(url);
        if (!response.IsSuccessStatusCode)
        {
            throw new CollectorException($"GET {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "text/html" or "application/xhtml+xml")
        {
            throw new CollectorException($"GET {shown}: the answer is an HTML page ({mediaType}), not JSON; a sign-in or error page?");
        }

        if (response.Content.Headers.ContentLength is { } length && length > MaxResponseBytes)
        {
            throw new CollectorException($"GET {shown}: the answer ({length} bytes) is larger than spec.maxResponseBytes ({MaxResponseBytes})");
        }

        try
        {
            await using var body = new SizeCappedStream(await response.Content.ReadAsStreamAsync(cancellationToken), MaxResponseBytes);
            return await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (ResponseTooLargeException)
        {
            throw new CollectorException($"GET {shown}: the answer is larger than spec.maxResponseBytes ({MaxResponseBytes}); reading stopped there");
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
            throw new CollectorException($"GET {shown}: the answer ({mediaType ?? "no Content-Type"}) is not valid JSON{at}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new CollectorException($"GET {shown} failed while reading the answer: {RedactedUrl.InText(ex.Message)}", ex);
        }
    }

    /// <summary>Whether a redirect from <paramref name="url"/> to <paramref name="target"/> may be followed.</summary>
    internal static bool SameOrigin(Uri url, Uri target) =>
        string.Equals(url.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(url.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        url.Port == target.Port;

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
            throw new CollectorException($"GET {RedactedUrl.Of(url)} failed: {RedactedUrl.InText(ex.Message)}", ex);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
