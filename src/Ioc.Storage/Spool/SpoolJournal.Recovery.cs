using Microsoft.Extensions.Logging;

namespace Ioc.Storage.Spool;

/// <summary>Opening the spool's folder: taking its lock, then recounting what an earlier run left.</summary>
internal sealed partial class SpoolJournal
{
    /// <summary>
    /// Opens the folder, recounting what an earlier run left and cutting away a record torn by a crash.
    /// Throws <see cref="InvalidOperationException"/> when another spool (in this or another process) holds it.
    /// </summary>
    public static SpoolJournal Open(string folder, long segmentBytes, ILogger logger)
    {
        Directory.CreateDirectory(folder);

        // Taken before anything is read: a second spool must not even recount (and cut "torn" tails of) the
        // segments the first one is appending to.
        var folderLock = SpoolFolderLock.Take(folder);
        try
        {
            return Recover(folder, segmentBytes, logger, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static SpoolJournal Recover(string folder, long segmentBytes, ILogger logger, SpoolFolderLock folderLock)
    {
        SpoolCheckpoint.DeleteLeftovers(folder);
        var checkpoint = SpoolCheckpoint.Read(folder) ?? new SpoolPosition(0, 0);
        var files = Directory.EnumerateFiles(folder, "*" + SpoolSegment.Extension)
            .Select(path => (Number: SpoolSegment.TryParseNumber(Path.GetFileName(path), out var n) ? n : -1, Path: path))
            .Where(f => f.Number > 0)
            .OrderBy(f => f.Number)
            .ToList();
        var segments = new List<SpoolSegment>();
        long headOffset = 0;
        foreach (var (number, path) in files)
        {
            if (number < checkpoint.Segment)
            {
                // Replayed and checkpointed, but the crash came before the file was deleted.
                File.Delete(path);
                continue;
            }

            var from = number == checkpoint.Segment ? checkpoint.Offset : 0;
            var scan = SpoolSegmentScan.Run(path, from, isLast: number == files[^1].Number);
            if (scan.TruncatedBytes > 0)
            {
                LogTornTail(logger, path, scan.TruncatedBytes);
            }

            if (scan.UnreadableBytes > 0)
            {
                LogUnreadable(logger, path, scan.End, scan.UnreadableBytes);
            }

            if (scan.DamagedRecords > 0)
            {
                LogDamaged(logger, path, scan.DamagedRecords);
            }

            if (segments.Count == 0)
            {
                headOffset = Math.Min(from, scan.End);
            }

            segments.Add(new SpoolSegment(number, path, scan.End, scan.Points));
        }

        var nextNumber = Math.Max(checkpoint.Segment, files.Count > 0 ? files[^1].Number + 1 : 1);
        var journal = new SpoolJournal(folder, segmentBytes, logger, folderLock, segments, headOffset, nextNumber);
        journal.DropConsumedSegments();
        journal.OldestSpooledAt = journal.PeekOldest();
        if (!journal.IsEmpty)
        {
            LogRecovered(logger, folder, journal.DepthPoints, journal.DepthBytes, segments.Count);
        }

        return journal;
    }

    [LoggerMessage(LogLevel.Warning, "Spool segment {Path} ended in a record torn by a crash; cut {Bytes} bytes that were never acknowledged")]
    private static partial void LogTornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(LogLevel.Error, "Spool segment {Path} is unreadable after byte {Offset}; {Bytes} bytes of spooled points are lost")]
    private static partial void LogUnreadable(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(LogLevel.Error, "Spool segment {Path} holds {Count} damaged record(s); replay will skip them and count their points as dropped")]
    private static partial void LogDamaged(ILogger logger, string path, long count);

    [LoggerMessage(LogLevel.Warning, "Spool {Folder} holds {Points} points ({Bytes} bytes in {Segments} segment(s)) from before; they will be replayed")]
    private static partial void LogRecovered(ILogger logger, string folder, long points, long bytes, int segments);
}
