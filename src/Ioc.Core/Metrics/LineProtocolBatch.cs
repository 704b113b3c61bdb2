namespace Ioc.Core.Metrics;

/// <summary>A line that could not be accepted, numbered from 1 as in the request body.</summary>
public readonly record struct LineError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>The points of a body, or the reasons it cannot be accepted; a body with any error is rejected whole.</summary>
public sealed class LineProtocolBatch
{
    internal LineProtocolBatch(IReadOnlyList<MetricPoint> points, List<LineError> errors, int errorCount)
    {
        Points = points;
        Errors = errors;
        ErrorCount = errorCount;
    }

    public IReadOnlyList<MetricPoint> Points { get; }

    /// <summary>The first errors found (at most <see cref="LineProtocolParser.MaxReportedErrors"/>).</summary>
    public IReadOnlyList<LineError> Errors { get; }

    public int ErrorCount { get; }

    public bool IsValid => ErrorCount == 0;

    internal LineProtocolBatch WithLines(ReadOnlyMemory<byte> utf8, Precision precision) =>
        new(new LineProtocolPoints(Points, utf8, precision), (List<LineError>)Errors, ErrorCount);
}
