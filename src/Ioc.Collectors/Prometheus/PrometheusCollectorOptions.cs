namespace Ioc.Collectors.Prometheus;

/// <summary>The <c>spec</c> of a <c>prometheus</c> definition, as written; <see cref="PrometheusCollectorKind"/> checks it.</summary>
internal sealed class PrometheusCollectorOptions
{
    /// <summary>Absolute http(s) URL answered with the Prometheus text format to a GET, e.g. <c>…:9100/metrics</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Request headers, e.g. <c>Authorization</c>. Without <c>Accept</c>, the text format 0.0.4 is asked for.</summary>
    public Dictionary<string, string>? Headers { get; set; }

    /// <summary>Largest answer read, in bytes after decompression; default 10 MB. A larger one fails the run.</summary>
    public long? MaxResponseBytes { get; set; }

    /// <summary>
    /// Labels given to every sample that does not carry them itself, as Prometheus gives <c>job</c> and
    /// <c>instance</c> to what it scrapes: an exporter does not say which machine it runs on.
    /// </summary>
    public Dictionary<string, string?>? TargetLabels { get; set; }

    /// <summary>Which samples become points; a sample goes to the first selection that takes it.</summary>
    public List<PrometheusMetricOptions?>? Metrics { get; set; }
}

/// <summary>One selection of samples and how they become points.</summary>
internal sealed class PrometheusMetricOptions
{
    /// <summary>A metric name, exactly; a histogram's or summary's name takes its <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.</summary>
    public string? Name { get; set; }

    /// <summary>A regular expression that must match the whole metric name (or the histogram's or summary's name).</summary>
    public string? Match { get; set; }

    /// <summary>Labels the sample must have with exactly these values; "" means the label is absent or empty.</summary>
    public Dictionary<string, string?>? Labels { get; set; }

    /// <summary>Measurement the points are stored under; default the metric's name.</summary>
    public string? Measurement { get; set; }

    /// <summary>Field that holds the sample's value; default <c>value</c>.</summary>
    public string? Field { get; set; }

    /// <summary>The labels that become tags; default every label except <see cref="ExcludeTags"/>.</summary>
    public List<string?>? Tags { get; set; }

    /// <summary>Labels left out of the tags when <see cref="Tags"/> is not given.</summary>
    public List<string?>? ExcludeTags { get; set; }
}
