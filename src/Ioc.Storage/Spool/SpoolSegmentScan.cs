namespace Ioc.Storage.Spool;

/// <summary>
/// Reads a segment's record headers at start-up to recount what waits in it. Only the last segment can hold a
/// record torn by a crash (appends are one at a time and each is flushed to disk before the next starts, and
/// earlier segments were complete before the next one was begun), so only there are checksums verified and a
/// broken tail cut off: that record was never acknowledged, its sender got no answer and sends it again.
/// A damaged record with intact records after it is not a torn tail: it stays, and replay skips and counts it.
/// </summary>
internal readonly record struct SpoolSegmentScan(long End, long Points, long Records, long DamagedRecords, long TruncatedBytes, long UnreadableBytes)
{
    public static SpoolSegmentScan Run(string path, long from, bool isLast)
    {
        using var file = new FileStream(
            path, FileMode.Open, isLast ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
        var length = file.Length;
        var position = Math.Min(from, length);
        long points = 0, records = 0, damaged = 0;
        Span<byte> headerBytes = stackalloc byte[SpoolRecord.HeaderSize];
        byte[] payload = [];
        while (position < length)
        {
            if (length - position < SpoolRecord.HeaderSize)
            {
                break;
            }

            file.Position = position;
            file.ReadExactly(headerBytes);
            var header = SpoolRecord.ReadHeader(headerBytes);
            if (!header.IsPlausible || position + header.RecordLength > length)
            {
                break;
            }

            if (isLast)
            {
                if (payload.Length < header.PayloadLength)
                {
                    payload = new byte[Math.Max(header.PayloadLength, payload.Length * 2)];
                }

                file.ReadExactly(payload, 0, header.PayloadLength);
                if (!SpoolRecord.IsIntact(headerBytes, payload.AsSpan(0, header.PayloadLength)))
                {
                    if (position + header.RecordLength == length)
                    {
                        break;
                    }

                    damaged++;
                }
            }

            points += header.Points;
            records++;
            position += header.RecordLength;
        }

        var rest = length - position;
        if (isLast && rest > 0)
        {
            file.SetLength(position);
            file.Flush(flushToDisk: true);
            return new SpoolSegmentScan(position, points, records, damaged, rest, 0);
        }

        return new SpoolSegmentScan(position, points, records, damaged, 0, rest);
    }
}
