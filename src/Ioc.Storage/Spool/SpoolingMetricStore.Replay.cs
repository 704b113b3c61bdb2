using Microsoft.Extensions.Logging;

namespace Ioc.Storage.Spool;

/// <summary>The side of the spool that <see cref="SpoolReplayer"/> drives: reading the head, recording progress.</summary>
internal sealed partial class SpoolingMetricStore
{
    private int _replaying;

    /// <summary>One replayer per spool: a second would deliver the same records twice and commit out of turn.</summary>
    internal bool TryClaimReplay() => Interlocked.Exchange(ref _replaying, 1) == 0;

    internal void ReleaseReplay() => Volatile.Write(ref _replaying, 0);

    /// <summary>Until when the replayer should leave the store alone (a failed direct write's back-off).</summary>
    internal DateTimeOffset ReplayNotBefore => new(Volatile.Read(ref _replayNotBeforeTicks), TimeSpan.Zero);

    /// <summary>Waits until something is spooled, then reads the next records to replay (without holding the lock).</summary>
    internal async Task<SpoolWindow> ReadWindowAsync(CancellationToken cancellationToken)
    {
        (SpoolSegment Segment, long From, long To) head;
        while (true)
        {
            Task hasData;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                hasData = _hasData.Task;
                if (!_journal.IsEmpty)
                {
                    head = _journal.Head;
                    break;
                }
            }
            finally
            {
                _gate.Release();
            }

            await hasData.WaitAsync(cancellationToken);
        }

        // Read outside the lock: only the replayer moves the head, and appends only add after `To`.
        return SpoolReader.Read(head.Segment, head.From, head.To, Options.ReplayBatchPoints);
    }

    /// <summary>
    /// Marks a window as done: delivered to the store, or given up (<paramref name="delivered"/> false). Throws
    /// <see cref="IOException"/> when the checkpoint cannot be written; nothing changed then, and the window can be
    /// delivered and committed again.
    /// </summary>
    internal async Task CommitAsync(SpoolWindow window, bool delivered)
    {
        // Not cancellable: the store has the points, so the progress should be kept; if it is lost anyway, the
        // window is replayed once more, which overwrites.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var removed = _journal.Commit(window.Segment, window.To, window.Consumed);
            var deliveredPoints = delivered ? window.Points.Count : 0;
            _replayed += deliveredPoints;
            _dropped += Math.Max(0, removed - deliveredPoints);
            _full = false;
            if (window.Problem is not null)
            {
                _lastError = window.Problem;
            }

            // A window given up is no sign the store works again; one delivered is, and an empty spool waits for nothing.
            if (delivered || _journal.IsEmpty)
            {
                _replayFailingSince = null;
            }

            if (_journal.IsEmpty)
            {
                _hasData = NewSignal();
            }

            _status = Snapshot();
        }
        finally
        {
            _gate.Release();
        }

        if (window.Problem is not null)
        {
            LogDamaged(window.Damaged, window.Dropped, window.Problem);
        }
    }

    /// <summary>
    /// Notes a failed replay, for <see cref="SpoolStatus.LastReplayError"/> and, while failures follow each other,
    /// <see cref="SpoolStatus.ReplayFailingSince"/>; <paramref name="retryAt"/> also tells refused senders when to come back.
    /// </summary>
    internal async Task ReportReplayFailureAsync(string error, DateTimeOffset retryAt)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var now = _clock.GetUtcNow();
            _lastError = error;
            _lastReplayError = error;
            _lastReplayFailureAt = now;
            _replayFailingSince ??= now;
            Volatile.Write(ref _replayNotBeforeTicks, retryAt.UtcTicks);
            _status = Snapshot();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(LogLevel.Error, "Spool replay skipped {Damaged} damaged record(s), {Dropped} points dropped: {Problem}")]
    private partial void LogDamaged(int damaged, long dropped, string problem);
}
