using Microsoft.Extensions.Logging;

namespace Ioc.Storage.Spool;

/// <summary>
/// The spool's folder: segment files appended at the tail and replayed from the head, and the checkpoint between.
/// Not thread-safe: <see cref="SpoolingMetricStore"/> calls it under its lock; only reading records already
/// appended (<see cref="SpoolReader"/>) happens outside, which is safe because they never change.
/// </summary>
internal sealed partial class SpoolJournal : IDisposable
{
    private readonly string _folder;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;

    // Oldest first; the last one is the tail, appended to. Replayed segments are deleted, so when nothing waits
    // this is empty (or holds only a tail whose creation failed, which the next append reuses).
    private readonly List<SpoolSegment> _segments;
    private long _headOffset;
    private long _nextNumber;
    private FileStream? _tail;

    private SpoolJournal(string folder, long segmentBytes, ILogger logger, List<SpoolSegment> segments, long headOffset, long nextNumber)
    {
        _folder = folder;
        _segmentBytes = segmentBytes;
        _logger = logger;
        _segments = segments;
        _headOffset = headOffset;
        _nextNumber = nextNumber;
        DepthPoints = segments.Sum(s => s.PendingPoints);
        DepthBytes = segments.Sum(s => s.End) - headOffset;
    }

    public string Folder => _folder;

    public long DepthPoints { get; private set; }

    public long DepthBytes { get; private set; }

    public bool IsEmpty => DepthBytes == 0;

    public DateTimeOffset? OldestSpooledAt { get; private set; }

    /// <summary>The records waiting in the head segment, for the replayer to read.</summary>
    public (SpoolSegment Segment, long From, long To) Head => (_segments[0], _headOffset, _segments[0].End);

    /// <summary>Opens the folder, recounting what an earlier run left and cutting away a record torn by a crash.</summary>
    public static SpoolJournal Open(string folder, long segmentBytes, ILogger logger)
    {
        Directory.CreateDirectory(folder);
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
        var journal = new SpoolJournal(folder, segmentBytes, logger, segments, headOffset, nextNumber);
        journal.DropConsumedSegments();
        journal.OldestSpooledAt = journal.PeekOldest();
        if (!journal.IsEmpty)
        {
            LogRecovered(logger, folder, journal.DepthPoints, journal.DepthBytes, segments.Count);
        }

        return journal;
    }

    /// <summary>Appends a batch and flushes it to disk; on failure the tail is cut back, so nothing of it remains.</summary>
    public void Append(EncodedBatch batch)
    {
        var wasEmpty = IsEmpty;
        var tail = _segments.Count > 0 ? _segments[^1] : null;
        if (tail is null || (tail.End > 0 && tail.End + batch.Bytes.Length > _segmentBytes))
        {
            // A batch is never split across segments, so cutting the tail back always undoes all of it.
            _tail?.Dispose();
            _tail = null;
            tail = new SpoolSegment(_nextNumber, Path.Combine(_folder, SpoolSegment.FileName(_nextNumber)), 0, 0);
            _nextNumber++;
            _segments.Add(tail);
        }

        // No write buffer: a crash can lose nothing that Append has returned for, and an abandoned stream has
        // nothing left to flush later. Sharing lets a new instance (after a crash, in tests) open the same files.
        _tail ??= new FileStream(tail.Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        try
        {
            _tail.Position = tail.End;
            _tail.Write(batch.Bytes.Span);
            _tail.Flush(flushToDisk: true);
        }
        catch
        {
            CutBack(tail);
            throw;
        }

        tail.End += batch.Bytes.Length;
        tail.PendingPoints += batch.Points;
        DepthBytes += batch.Bytes.Length;
        DepthPoints += batch.Points;
        if (wasEmpty)
        {
            OldestSpooledAt = batch.SpooledAt;
        }
    }

    /// <summary>
    /// Records that the head segment is replayed up to <paramref name="to"/>, <paramref name="points"/> of it
    /// delivered or given up. Returns how many points left the spool's depth: those, and when the segment is
    /// finished, any of it that could not even be read. The checkpoint is written before anything changes here,
    /// so when that fails the same window can simply be committed again.
    /// </summary>
    public long Commit(long segment, long to, long points)
    {
        if (_segments.Count == 0 || segment < _segments[0].Number)
        {
            // Committed already: an earlier attempt got past this segment before failing on a later one.
            return 0;
        }

        var head = _segments[0];
        if (head.Number != segment || to < _headOffset || to > head.End)
        {
            throw new InvalidOperationException($"replay position {segment}:{to} does not follow {head.Number}:{_headOffset}");
        }

        long removed;
        if (to < head.End)
        {
            SpoolCheckpoint.Write(_folder, new SpoolPosition(head.Number, to));
            removed = Math.Min(points, head.PendingPoints);
            head.PendingPoints -= removed;
            DepthPoints -= removed;
            DepthBytes -= to - _headOffset;
            _headOffset = to;
        }
        else
        {
            removed = head.PendingPoints;
            DropConsumedSegments(force: true);
        }

        OldestSpooledAt = PeekOldest();
        return removed;
    }

    public void Dispose()
    {
        _tail?.Dispose();
        _tail = null;
    }

    /// <summary>
    /// Deletes segments replayed to their end (or <paramref name="force"/>: the head, whose end was just reached),
    /// the checkpoint moving first so that a crash in between only leaves a file that the next start deletes.
    /// When nothing waits, even the tail goes: the next append starts a new file.
    /// </summary>
    private void DropConsumedSegments(bool force = false)
    {
        while (_segments.Count > 0 && (force || _headOffset >= _segments[0].End))
        {
            force = false;
            var head = _segments[0];
            var isTail = _segments.Count == 1;
            SpoolCheckpoint.Write(_folder, new SpoolPosition(isTail ? _nextNumber : _segments[1].Number, 0));
            if (isTail)
            {
                _tail?.Dispose();
                _tail = null;
            }

            DepthPoints -= head.PendingPoints;
            DepthBytes -= head.End - _headOffset;
            _segments.RemoveAt(0);
            _headOffset = 0;
            try
            {
                File.Delete(head.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The checkpoint is past it, so the next start deletes it; until then it only takes room.
                LogDeleteFailed(_logger, ex, head.Path);
            }
        }
    }

    private void CutBack(SpoolSegment tail)
    {
        try
        {
            _tail?.SetLength(tail.End);
            _tail?.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            // Left as it is, the partial batch would look like a torn tail at the next start and be cut away then.
            LogCutBackFailed(_logger, ex, tail.Path);
        }
        finally
        {
            _tail?.Dispose();
            _tail = null;
        }
    }

    private DateTimeOffset? PeekOldest()
    {
        if (IsEmpty)
        {
            return null;
        }

        var (segment, from, _) = Head;
        try
        {
            using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[SpoolRecord.HeaderSize];
            return RandomAccess.Read(handle, header, from) == header.Length ? SpoolRecord.ReadHeader(header).SpooledAt : OldestSpooledAt;
        }
        catch (IOException)
        {
            return OldestSpooledAt;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Spool segment {Path} ended in a record torn by a crash; cut {Bytes} bytes that were never acknowledged")]
    private static partial void LogTornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(LogLevel.Error, "Spool segment {Path} is unreadable after byte {Offset}; {Bytes} bytes of spooled points are lost")]
    private static partial void LogUnreadable(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(LogLevel.Error, "Spool segment {Path} holds {Count} damaged record(s); replay will skip them and count their points as dropped")]
    private static partial void LogDamaged(ILogger logger, string path, long count);

    [LoggerMessage(LogLevel.Warning, "Spool {Folder} holds {Points} points ({Bytes} bytes in {Segments} segment(s)) from before; they will be replayed")]
    private static partial void LogRecovered(ILogger logger, string folder, long points, long bytes, int segments);

    [LoggerMessage(LogLevel.Warning, "Could not delete replayed spool segment {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(LogLevel.Error, "Could not cut back spool segment {Path} after a failed append")]
    private static partial void LogCutBackFailed(ILogger logger, Exception exception, string path);
}
