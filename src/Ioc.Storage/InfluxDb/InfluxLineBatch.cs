using System.IO.Compression;
using System.Text;
using Ioc.Core.Metrics;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// The lines of one write request as UTF-8, with the start of every line kept, so the request body and any part
/// of it (when InfluxDB refuses lines and the batch is split) are cut from it without formatting again.
/// </summary>
internal sealed class InfluxLineBatch
{
    private readonly ReadOnlyMemory<byte> _text;

    // Count + 1 entries: line i spans [_starts[i], _starts[i + 1] - 1), its '\n' excluded; a last line without
    // '\n' ends the text, one short of its end entry.
    private readonly int[] _starts;

    private InfluxLineBatch(ReadOnlyMemory<byte> text, int[] starts)
    {
        _text = text;
        _starts = starts;
    }

    public int Count => _starts.Length - 1;

    /// <summary>Every field is written as a float, as <see cref="LineProtocolFormatter"/> writes numbers.</summary>
    public static InfluxLineBatch Format(IReadOnlyList<MetricPoint> points, int start, int count, Precision precision)
    {
        var line = new StringBuilder(256);
        var bytes = new byte[Math.Max(1024, count * 96)];
        var length = 0;
        var starts = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            starts[i] = length;
            line.Clear();
            LineProtocolFormatter.Append(line, points[start + i], precision);
            line.Append('\n');
            foreach (var chunk in line.GetChunks())
            {
                var needed = length + Encoding.UTF8.GetMaxByteCount(chunk.Length);
                if (needed > bytes.Length)
                {
                    Array.Resize(ref bytes, Math.Max(needed, bytes.Length * 2));
                }

                length += Encoding.UTF8.GetBytes(chunk.Span, bytes.AsSpan(length));
            }
        }

        starts[count] = length;
        return new InfluxLineBatch(bytes.AsMemory(0, length), starts);
    }

    /// <summary>Lines [start, start + count) of a body that already holds one canonical line per point.</summary>
    public static InfluxLineBatch Wrap(ReadOnlyMemory<byte> utf8, int start, int count)
    {
        var span = utf8.Span;
        var starts = new int[count + 1];
        var position = 0;
        for (var line = 0; line < start; line++)
        {
            position += span[position..].IndexOf((byte)'\n') + 1;
        }

        var from = position;
        for (var i = 0; i < count; i++)
        {
            starts[i] = position - from;
            var newline = span[position..].IndexOf((byte)'\n');
            position = newline < 0 ? span.Length + 1 : position + newline + 1;
        }

        starts[count] = position - from;
        var end = Math.Min(position, span.Length);
        return new InfluxLineBatch(utf8[from..end], starts);
    }

    public string Line(int index) => Encoding.UTF8.GetString(_text.Span[_starts[index]..(_starts[index + 1] - 1)]);

    /// <summary>The body of lines [start, start + count), UTF-8, gzip-compressed when asked.</summary>
    public ReadOnlyMemory<byte> Encode(int start, int count, bool gzip)
    {
        var from = _starts[start];
        var bytes = _text[from..(_starts[start + count] - 1)];
        if (!gzip)
        {
            return bytes;
        }

        // Fastest: line protocol repeats itself so much that it still shrinks about tenfold.
        var compressed = new MemoryStream(bytes.Length / 8 + 64);
        using (var stream = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            stream.Write(bytes.Span);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }
}
