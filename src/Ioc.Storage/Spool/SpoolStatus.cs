namespace Ioc.Storage.Spool;

/// <summary>
/// What the spool holds and has done since the process started, for <c>/readyz</c> and metrics.
/// </summary>
/// <param name="DepthPoints">Points accepted but not yet in the store.</param>
/// <param name="DepthBytes">Bytes of those points on disk; appends are refused before this passes <paramref name="MaxBytes"/>.</param>
/// <param name="ReplayedPoints">Points replayed into the store since start-up.</param>
/// <param name="DroppedPoints">Points refused because the spool was full, or lost to a damaged record, since start-up.</param>
/// <param name="OldestSpooledAt">When the oldest waiting point was spooled; null when nothing waits.</param>
/// <param name="LastError">The last problem seen (store unavailable, damaged record); kept after it is over.</param>
/// <param name="Full">
/// The last write that reached the spool was refused for lack of room, and nothing has been appended or replayed since.
/// </param>
/// <param name="ReplayFailingSince">
/// When the current unbroken run of failed replay attempts began; null once a replay gets through or nothing waits.
/// </param>
/// <param name="LastReplayError">
/// Why the last replay attempt failed, e.g. "store unavailable: InfluxDB at … refused the write with 401 Unauthorized: …";
/// kept after replay works again, like <paramref name="LastError"/>. Never holds a credential.
/// </param>
/// <param name="LastReplayFailureAt">When that last replay attempt failed.</param>
/// <param name="ReplayStalled">
/// Points wait and replay has failed without a break for longer than <see cref="SpoolOptions.ReplayStalledAfter"/>:
/// the store will not take them until someone acts (<paramref name="LastReplayError"/> says why). Worked out when
/// <see cref="SpoolingMetricStore.Status"/> is read.
/// </param>
internal sealed record SpoolStatus(
    long DepthPoints,
    long DepthBytes,
    long MaxBytes,
    long ReplayedPoints,
    long DroppedPoints,
    DateTimeOffset? OldestSpooledAt,
    string? LastError,
    bool Full = false,
    DateTimeOffset? ReplayFailingSince = null,
    string? LastReplayError = null,
    DateTimeOffset? LastReplayFailureAt = null,
    bool ReplayStalled = false);
