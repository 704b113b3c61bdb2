namespace Ioc.Collectors.HttpJson;

/// <summary>The <c>spec</c> of an <c>http-json</c> definition, as written; <see cref="HttpJsonCollectorKind"/> checks it.</summary>
internal sealed class HttpJsonCollectorOptions
{
    /// <summary>Absolute http(s) URL answered with JSON to a GET.</summary>
    public string? Url { get; set; }

    /// <summary>Request headers, e.g. <c>Accept</c> or an API key.</summary>
    public Dictionary<string, string>? Headers { get; set; }

    public List<HttpJsonMappingOptions?>? Mappings { get; set; }

    /// <summary>
    /// Query parameter by which the source answers as of a time (ISO 8601, UTC). When set, each run asks for
    /// its scheduled slot, so a repeated run reads the same figures and missed slots can be replayed.
    /// </summary>
    public string? AsOfParameter { get; set; }

    /// <summary>How far back the source answers as-of queries (e.g. <c>2h</c>, <c>7d</c>); default 1 day.</summary>
    public string? ReplayWindow { get; set; }

    /// <summary>Largest answer read, in bytes after decompression; default 10 MB. A larger one fails the run.</summary>
    public long? MaxResponseBytes { get; set; }
}

/// <summary>How one part of the answer becomes points.</summary>
internal sealed class HttpJsonMappingOptions
{
    /// <summary>Path to the items, one point per item; without it the whole answer is the one item.</summary>
    public string? Items { get; set; }

    public string? Measurement { get; set; }

    /// <summary>Tag key to a path relative to the item (starting with <c>$</c>) or a literal value.</summary>
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>Field name to a path relative to the item; the value there must be a JSON number.</summary>
    public Dictionary<string, string>? Fields { get; set; }

    /// <summary>Path to an ISO-8601 or Unix-milliseconds time; without it points carry the scheduled time.</summary>
    public string? Time { get; set; }
}
