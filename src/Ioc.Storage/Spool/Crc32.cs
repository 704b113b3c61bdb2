namespace Ioc.Storage.Spool;

/// <summary>
/// CRC-32 (IEEE 802.3, the one of zip and PNG), so a record torn by a crash or damaged on disk is recognised.
/// Written here because System.IO.Hashing is not a dependency of Ioc.Storage; slicing by 8 keeps checking a
/// replayed gigabyte from costing more than reading it.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> (a previous result, or 0 to start) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table.AsSpan();
        crc = ~crc;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            crc = table[(7 * 256) + (int)(low & 0xFF)]
                ^ table[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + (int)((low >> 16) & 0xFF)]
                ^ table[(4 * 256) + (int)(low >> 24)]
                ^ table[(3 * 256) + data[4]]
                ^ table[(2 * 256) + data[5]]
                ^ table[256 + data[6]]
                ^ table[data[7]];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }

            table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }
}
