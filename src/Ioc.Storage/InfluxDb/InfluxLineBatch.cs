using System.IO.Compression;
using System.Text;
using Ioc.Core.Metrics;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// The lines of one write request, formatted once into a single text with the start of every line kept, so the
/// request body and any part of it (when InfluxDB refuses lines and the batch is split) are cut from it without
/// formatting again.
/// </summary>
internal sealed class InfluxLineBatch
{
    private readonly string _text;

    // Count + 1 entries: line i spans [_starts[i], _starts[i + 1] - 1), its '\n' excluded.
    private readonly int[] _starts;

    private InfluxLineBatch(string text, int[] starts)
    {
        _text = text;
        _starts = starts;
    }

    public int Count => _starts.Length - 1;

    /// <summary>Every field is written as a float, as <see cref="LineProtocolFormatter"/> writes numbers.</summary>
    public static InfluxLineBatch Format(IReadOnlyList<MetricPoint> points, int start, int count, Precision precision)
    {
        var sb = new StringBuilder(count * 96);
        var starts = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            starts[i] = sb.Length;
            LineProtocolFormatter.Append(sb, points[start + i], precision);
            sb.Append('\n');
        }

        starts[count] = sb.Length;
        return new InfluxLineBatch(sb.ToString(), starts);
    }

    public string Line(int index) => _text.Substring(_starts[index], _starts[index + 1] - _starts[index] - 1);

    /// <summary>The body of lines [start, start + count), UTF-8, gzip-compressed when asked.</summary>
    public ReadOnlyMemory<byte> Encode(int start, int count, bool gzip)
    {
        var from = _starts[start];
        var bytes = Encoding.UTF8.GetBytes(_text, from, _starts[start + count] - 1 - from);
        if (!gzip)
        {
            return bytes;
        }

        // Fastest: line protocol repeats itself so much that it still shrinks about tenfold.
        var compressed = new MemoryStream(bytes.Length / 8 + 64);
        using (var stream = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            stream.Write(bytes);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }
}
