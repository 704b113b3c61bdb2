using System.Buffers.Binary;

namespace Ioc.Storage.Spool;

/// <summary>Where replay stands: everything before <see cref="Offset"/> of segment <see cref="Segment"/> is in the store.</summary>
internal readonly record struct SpoolPosition(long Segment, long Offset);

/// <summary>
/// The replay checkpoint file: <c>[int64 segment][int64 offset][uint32 CRC-32]</c>, replaced atomically (written
/// to a temporary file, flushed to disk, then renamed over the old one), so a crash leaves the old or the new one.
/// The folder is flushed after the rename, so a checkpoint that has been written stays written; where that is not
/// possible (<see cref="DirectorySync"/>), a rename lost to a crash means the last records are replayed again, which
/// the explicit timestamps make harmless. A missing or damaged checkpoint means "from the start".
/// </summary>
internal static class SpoolCheckpoint
{
    public const string FileName = "checkpoint";
    private const string TemporaryName = "checkpoint.tmp";
    private const int Size = 20;

    public static SpoolPosition? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Size || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)) != Crc32.Compute(bytes.AsSpan(0, 16)))
        {
            return null;
        }

        var position = new SpoolPosition(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        return position.Segment >= 0 && position.Offset >= 0 ? position : null;
    }

    public static void Write(string folder, SpoolPosition position)
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], position.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Crc32.Compute(bytes[..16]));
        var temporary = Path.Combine(folder, TemporaryName);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path.Combine(folder, FileName), overwrite: true);

        // Segments are deleted once the checkpoint is past them: the rename must be on disk before that happens.
        DirectorySync.Flush(folder);
    }

    /// <summary>Removes what a crash during <see cref="Write"/> may have left.</summary>
    public static void DeleteLeftovers(string folder) => File.Delete(Path.Combine(folder, TemporaryName));
}
