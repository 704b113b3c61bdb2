using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.HttpJson;

/// <summary>GETs one URL and maps its JSON answer to points; the runner bounds it with the definition's timeout.</summary>
internal class HttpJsonCollector : ICollector
{
    private readonly IHttpClientFactory _http;
    private readonly Uri _url;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;
    private readonly IReadOnlyList<JsonPointMapping> _mappings;

    public HttpJsonCollector(IHttpClientFactory http, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<JsonPointMapping> mappings)
    {
        _http = http;
        _url = url;
        _headers = headers;
        _mappings = mappings;
    }

    public async Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var document = await FetchAsync(RequestUrl(context), cancellationToken);
        var points = new List<MetricPoint>();
        foreach (var mapping in _mappings)
        {
            mapping.AddPoints(document.RootElement, context.Timestamp, _url.OriginalString, points);
        }

        return points;
    }

    protected virtual Uri RequestUrl(CollectContext context) => _url;

    private async Task<JsonDocument> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = _http.CreateClient(HttpJsonCollectorKind.KindName);
        // The runner's token carries the definition's timeout; HttpClient's own 100 s default would cut longer ones short.
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CollectorException($"GET {url} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CollectorException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await JsonDocument.ParseAsync(body, default, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new CollectorException($"GET {url}: the answer is not valid JSON ({ex.Message})", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new CollectorException($"GET {url} failed while reading the answer: {ex.Message}", ex);
            }
        }
    }
}

/// <summary>An http-json source that answers as of the run's slot (<c>spec.asOfParameter</c>).</summary>
internal sealed class AsOfHttpJsonCollector : HttpJsonCollector, IReplayableCollector
{
    private readonly Uri _url;
    private readonly string _parameter;

    public AsOfHttpJsonCollector(IHttpClientFactory http, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<JsonPointMapping> mappings, string parameter, TimeSpan replayWindow)
        : base(http, url, headers, mappings)
    {
        _url = url;
        _parameter = parameter;
        ReplayWindow = replayWindow;
    }

    public TimeSpan ReplayWindow { get; }

    protected override Uri RequestUrl(CollectContext context)
    {
        var at = Uri.EscapeDataString(context.ScheduledTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var separator = string.IsNullOrEmpty(_url.Query) ? "?" : "&";
        return new Uri($"{_url.OriginalString}{separator}{_parameter}={at}");
    }
}
