using System.Text;
using Ioc.Core.Metrics;
using Ioc.Storage.Spool;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolFormatTests
{
    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Crc32_GivesTheSameResult_InOnePieceOrInTwo()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Nghệ An 🚦 ", 40)));
        for (var split = 0; split <= 37; split++)
        {
            Assert.Equal(Crc32.Compute(data), Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
            Assert.Equal(Bitwise(data.AsSpan(0, split)), Crc32.Compute(data.AsSpan(0, split)));
        }
    }

    [Fact]
    public void Record_ReadsBackTheSamePoints_AndFailsItsChecksum_WhenAByteChanges()
    {
        var points = Make(40);
        var batch = SpoolRecord.Encode(points, DateTimeOffset.UnixEpoch.AddDays(20_000));
        var bytes = batch.Bytes.ToArray();
        var header = SpoolRecord.ReadHeader(bytes);
        Assert.Equal(bytes.Length, header.RecordLength);
        Assert.Equal(40, header.Points);
        Assert.True(header.IsPlausible);

        var decoded = new List<MetricPoint>();
        Assert.True(SpoolRecord.IsIntact(bytes.AsSpan(0, 20), bytes.AsSpan(20)));
        Assert.Equal(0, SpoolRecord.Decode(bytes.AsSpan(20), decoded));
        Assert.Equal(Texts(points), Texts(decoded));

        bytes[^3] ^= 1;
        Assert.False(SpoolRecord.IsIntact(bytes.AsSpan(0, 20), bytes.AsSpan(20)));
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
