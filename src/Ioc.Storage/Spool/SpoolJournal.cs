using Microsoft.Extensions.Logging;

namespace Ioc.Storage.Spool;

/// <summary>
/// The spool's folder: segment files appended at the tail and replayed from the head, and the checkpoint between.
/// Not thread-safe: <see cref="SpoolingMetricStore"/> calls it under its lock; only reading records already
/// appended (<see cref="SpoolReader"/>) happens outside, which is safe because they never change.
/// The folder is locked (<see cref="SpoolFolderLock"/>) from <see cref="Open"/> until <see cref="Dispose"/>.
/// </summary>
internal sealed partial class SpoolJournal : IDisposable
{
    private readonly string _folder;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly SpoolFolderLock _folderLock;

    // Oldest first; the last one is the tail, appended to. Replayed segments are deleted, so when nothing waits
    // this is empty (or holds only a tail whose creation failed, which the next append reuses).
    private readonly List<SpoolSegment> _segments;
    private long _headOffset;
    private long _nextNumber;
    private FileStream? _tail;

    private SpoolJournal(
        string folder, long segmentBytes, ILogger logger, SpoolFolderLock folderLock, List<SpoolSegment> segments, long headOffset, long nextNumber)
    {
        _folder = folder;
        _segmentBytes = segmentBytes;
        _logger = logger;
        _folderLock = folderLock;
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
            if (tail.End == 0)
            {
                // A new file is an entry in the folder, which the file's own flush does not cover: without this,
                // a crash could take the segment, and the acknowledged batch in it, away again.
                DirectorySync.Flush(_folder);
            }
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
        _folderLock.Dispose();
    }

    /// <summary>
    /// Lets go of the folder's lock and of nothing else, as the operating system does for a killed process:
    /// nothing is flushed, cut back or closed. Tests play a crash with it without a second process.
    /// </summary>
    internal void ReleaseFolderLock() => _folderLock.Dispose();

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

    [LoggerMessage(LogLevel.Warning, "Could not delete replayed spool segment {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(LogLevel.Error, "Could not cut back spool segment {Path} after a failed append")]
    private static partial void LogCutBackFailed(ILogger logger, Exception exception, string path);
}
