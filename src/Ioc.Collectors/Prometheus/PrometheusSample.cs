namespace Ioc.Collectors.Prometheus;

/// <summary>What a sample is within its metric family, as its <c># TYPE</c> line makes it.</summary>
internal enum SamplePart
{
    /// <summary>A counter, gauge or untyped sample, or one whose family was never typed.</summary>
    Value,

    /// <summary><c>name_bucket{le="…"}</c> of a histogram.</summary>
    Bucket,

    /// <summary><c>name{quantile="…"}</c> of a summary.</summary>
    Quantile,

    /// <summary><c>name_sum</c> of a histogram or summary.</summary>
    Sum,

    /// <summary><c>name_count</c> of a histogram or summary.</summary>
    Count,
}

/// <summary>One sample line of a text exposition.</summary>
/// <param name="Line">1-based line number in the answer.</param>
/// <param name="Name">The metric name as written on the line (<c>http_request_duration_seconds_bucket</c>).</param>
/// <param name="Family">
/// The family it belongs to: <see cref="Name"/> without <c>_bucket</c>, <c>_sum</c> or <c>_count</c> when a
/// <c># TYPE</c> line declared that name a histogram or summary, otherwise <see cref="Name"/> itself.
/// </param>
/// <param name="Labels">Label names and unescaped values, in the order written.</param>
/// <param name="TimestampMs">The exposition's own timestamp, if the line has one; parsed and checked, not used for points.</param>
internal sealed record PrometheusSample(int Line, string Name, string Family, SamplePart Part, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long? TimestampMs)
{
    /// <summary>The label's value, or "" when the sample has none (Prometheus treats the two alike).</summary>
    public string Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return "";
    }
}
