using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.HttpJson;

/// <summary>GETs one URL and maps its JSON answer to points; the runner bounds it with the definition's timeout.</summary>
internal sealed class HttpJsonCollector : ICollector
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
        using var document = await FetchAsync(cancellationToken);
        var points = new List<MetricPoint>();
        foreach (var mapping in _mappings)
        {
            mapping.AddPoints(document.RootElement, context.Timestamp, _url.OriginalString, points);
        }

        return points;
    }

    private async Task<JsonDocument> FetchAsync(CancellationToken cancellationToken)
    {
        using var client = _http.CreateClient(HttpJsonCollectorKind.KindName);
        // The runner's token carries the definition's timeout; HttpClient's own 100 s default would cut longer ones short.
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
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
            throw new CollectorException($"GET {_url} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CollectorException($"GET {_url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await JsonDocument.ParseAsync(body, default, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new CollectorException($"GET {_url}: the answer is not valid JSON ({ex.Message})", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new CollectorException($"GET {_url} failed while reading the answer: {ex.Message}", ex);
            }
        }
    }
}
