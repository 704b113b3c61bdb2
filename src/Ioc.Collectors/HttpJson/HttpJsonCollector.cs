using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.HttpJson;

/// <summary>GETs one URL and maps its JSON answer to points; the runner bounds it with the definition's timeout.</summary>
internal class HttpJsonCollector : ICollector
{
    private readonly JsonSourceReader _source;
    private readonly Uri _url;
    private readonly IReadOnlyList<JsonPointMapping> _mappings;

    public HttpJsonCollector(JsonSourceReader source, Uri url, IReadOnlyList<JsonPointMapping> mappings)
    {
        _source = source;
        _url = url;
        _mappings = mappings;
    }

    public async Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var document = await _source.ReadAsync(context.CollectorId, RequestUrl(context), cancellationToken);
        var points = new List<MetricPoint>();
        var shown = RedactedUrl.Of(_url);
        foreach (var mapping in _mappings)
        {
            mapping.AddPoints(document.RootElement, context.Timestamp, shown, points);
        }

        return points;
    }

    protected virtual Uri RequestUrl(CollectContext context) => _url;
}

/// <summary>An http-json source that answers as of the run's slot (<c>spec.asOfParameter</c>).</summary>
internal sealed class AsOfHttpJsonCollector : HttpJsonCollector, IReplayableCollector
{
    private readonly Uri _url;
    private readonly string _parameter;

    public AsOfHttpJsonCollector(JsonSourceReader source, Uri url, IReadOnlyList<JsonPointMapping> mappings, string parameter, TimeSpan replayWindow)
        : base(source, url, mappings)
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
