using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ioc.Core.Metrics;

namespace Ioc.Storage.Spool;

/// <summary>
/// One spooled batch (or a slice of a very large one) as it lies in a segment file, little-endian:
/// <c>[int32 payload length][uint32 CRC-32 of everything after it][int64 spooled at, Unix ms][int32 points][payload]</c>.
/// The payload is the points as UTF-8 line protocol in nanoseconds, one line each, so a segment can be read with
/// any text tool, and writing the points back reproduces them exactly (timestamps included, which is what makes a
/// replay an overwrite rather than a duplicate).
/// </summary>
internal static class SpoolRecord
{
    public const int HeaderSize = 20;

    // A length above this is garbage, not a record: recovery must tell the two apart without trusting the length.
    public const int MaxPayloadBytes = 64 << 20;

    // UTF-8 takes at most 3 bytes per UTF-16 char, so a record cut here stays well below MaxPayloadBytes.
    private const int SliceChars = 8 << 20;

    // The store is only given valid points, so each one passes again; only the future bound moves with the clock,
    // and a point accepted once stays accepted as time goes on. A generous skew keeps a late replay from refusing it.
    private static readonly MetricValidator Revalidator = new(TimeProvider.System, TimeSpan.FromDays(36_500));

    /// <summary>Encodes a batch as one record, or several if it is too large for one, into a single buffer.</summary>
    public static EncodedBatch Encode(IReadOnlyList<MetricPoint> points, DateTimeOffset spooledAt)
    {
        // Kept to the millisecond as on disk, so the oldest point's age reads the same before and after a restart.
        spooledAt = DateTimeOffset.FromUnixTimeMilliseconds(spooledAt.ToUnixTimeMilliseconds());
        var output = new ArrayBufferWriter<byte>(Math.Max(256, points.Count * 96));
        var text = new StringBuilder(Math.Min(SliceChars, Math.Max(64, points.Count * 80)));
        var inSlice = 0;
        var records = 0;
        foreach (var point in points)
        {
            if (inSlice > 0)
            {
                text.Append('\n');
            }

            LineProtocolFormatter.Append(text, point);
            inSlice++;
            if (text.Length >= SliceChars)
            {
                WriteRecord(output, text, inSlice, spooledAt);
                records++;
                text.Clear();
                inSlice = 0;
            }
        }

        if (inSlice > 0)
        {
            WriteRecord(output, text, inSlice, spooledAt);
            records++;
        }

        return new EncodedBatch(output.WrittenMemory, points.Count, records, spooledAt);
    }

    public static RecordHeader ReadHeader(ReadOnlySpan<byte> header) => new(
        BinaryPrimitives.ReadInt32LittleEndian(header),
        BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(header[16..]));

    /// <summary>True when the checksum stored in <paramref name="header"/> matches its other fields and the payload.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == Crc32.Append(Crc32.Compute(header[8..HeaderSize]), payload);

    /// <summary>Adds the points of an intact payload to <paramref name="into"/>; returns how many lines could not be read back.</summary>
    public static int Decode(ReadOnlySpan<byte> payload, List<MetricPoint> into)
    {
        var batch = LineProtocolParser.Parse(Encoding.UTF8.GetString(payload), Precision.Nanoseconds, 0, Revalidator);
        into.AddRange(batch.Points);
        return batch.ErrorCount;
    }

    private static void WriteRecord(ArrayBufferWriter<byte> output, StringBuilder text, int points, DateTimeOffset spooledAt)
    {
        var chars = text.ToString();
        var length = Encoding.UTF8.GetByteCount(chars);
        var span = output.GetSpan(HeaderSize + length)[..(HeaderSize + length)];
        Encoding.UTF8.GetBytes(chars, span[HeaderSize..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], spooledAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], points);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.Compute(span[8..]));
        output.Advance(span.Length);
    }
}

/// <summary>The fixed part of a record; <see cref="IsPlausible"/> tells a real header from torn or zeroed bytes.</summary>
internal readonly record struct RecordHeader(int PayloadLength, uint Checksum, long SpooledAtMs, int Points)
{
    public long RecordLength => SpoolRecord.HeaderSize + (long)PayloadLength;

    public DateTimeOffset SpooledAt => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(SpooledAtMs, 0, 253_402_300_799_999));

    // Every line of a point takes more than one byte, and empty batches are never spooled.
    public bool IsPlausible => PayloadLength is > 0 and <= SpoolRecord.MaxPayloadBytes && Points > 0 && Points <= PayloadLength;
}

/// <summary>A batch encoded as records, ready to be appended in one write.</summary>
internal sealed record EncodedBatch(ReadOnlyMemory<byte> Bytes, int Points, int Records, DateTimeOffset SpooledAt);
