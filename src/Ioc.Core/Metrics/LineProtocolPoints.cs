using System.Collections;

namespace Ioc.Core.Metrics;

/// <summary>
/// Points parsed from a line-protocol body, together with that body, when the body says exactly what
/// <see cref="LineProtocolFormatter"/> would write for them at <see cref="Precision"/>: one point per line in the same
/// order, lines separated by <c>\n</c> (a final one may end the body), no blank or comment lines, single spaces, tags
/// and fields in key order, every field a float written as <c>[-]digits[.digits]</c>, every line with its timestamp.
/// Numbers may be spelt otherwise (<c>25.10</c> for <c>25.1</c>), which any reader takes for the same value. A store
/// speaking line protocol may then send <see cref="Utf8"/> as it came instead of formatting the points again.
/// </summary>
public sealed class LineProtocolPoints : IReadOnlyList<MetricPoint>
{
    private readonly IReadOnlyList<MetricPoint> _points;

    internal LineProtocolPoints(IReadOnlyList<MetricPoint> points, ReadOnlyMemory<byte> utf8, Precision precision)
    {
        _points = points;
        Utf8 = utf8;
        Precision = precision;
    }

    /// <summary>The body as it came, valid UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>The unit of the body's timestamps.</summary>
    public Precision Precision { get; }

    public int Count => _points.Count;

    public MetricPoint this[int index] => _points[index];

    public IEnumerator<MetricPoint> GetEnumerator() => _points.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
