using Ioc.Core.Metrics;

namespace Ioc.Storage.Spool;

/// <summary>
/// Consecutive records of the head segment, read back into points for one replay write, and where they end.
/// <see cref="Damaged"/> records failed their checksum and are skipped; <see cref="Dropped"/> counts their points
/// and any line that no longer reads as a valid point.
/// </summary>
internal sealed record SpoolWindow(long Segment, long From, long To, List<MetricPoint> Points, long Dropped, int Damaged, string? Problem)
{
    /// <summary>Points this window takes off the spool's depth, whether delivered or given up.</summary>
    public long Consumed => Points.Count + Dropped;
}

/// <summary>Reads records the journal has flushed; they never change, so no lock is needed while reading them.</summary>
internal static class SpoolReader
{
    // Bounds the memory of one window when records are large.
    private const int MaxWindowBytes = 32 << 20;

    public static SpoolWindow Read(SpoolSegment segment, long from, long to, int maxPoints)
    {
        var points = new List<MetricPoint>(Math.Min(maxPoints, 1 << 16));
        long dropped = 0;
        var damaged = 0;
        string? problem = null;
        var position = from;
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
        file.Position = from;
        Span<byte> headerBytes = stackalloc byte[SpoolRecord.HeaderSize];
        byte[] payload = [];
        while (position < to && points.Count < maxPoints && position - from < MaxWindowBytes)
        {
            var header = to - position >= SpoolRecord.HeaderSize ? ReadHeader(file, headerBytes) : default;
            if (!header.IsPlausible || position + header.RecordLength > to)
            {
                // A length that is garbage leaves no way to find the next record: the rest of the segment is lost.
                // Its points are still in the journal's count of the segment and are counted as dropped with it.
                problem = $"segment {segment.Number} is unreadable after byte {position}; {to - position} bytes skipped";
                position = to;
                break;
            }

            if (payload.Length < header.PayloadLength)
            {
                payload = new byte[Math.Max(header.PayloadLength, Math.Min(payload.Length * 2, SpoolRecord.MaxPayloadBytes))];
            }

            var body = payload.AsSpan(0, header.PayloadLength);
            file.ReadExactly(body);
            if (SpoolRecord.IsIntact(headerBytes, body))
            {
                dropped += SpoolRecord.Decode(body, points);
            }
            else
            {
                damaged++;
                dropped += header.Points;
                problem = $"record at byte {position} of segment {segment.Number} is damaged (checksum); its {header.Points} points are skipped";
            }

            position += header.RecordLength;
        }

        return new SpoolWindow(segment.Number, from, position, points, dropped, damaged, problem);
    }

    private static RecordHeader ReadHeader(FileStream file, Span<byte> headerBytes)
    {
        file.ReadExactly(headerBytes);
        return SpoolRecord.ReadHeader(headerBytes);
    }
}
