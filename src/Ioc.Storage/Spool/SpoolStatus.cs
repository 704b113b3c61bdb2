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
/// <param name="Full">A write was refused for lack of room and nothing has been replayed since.</param>
internal sealed record SpoolStatus(
    long DepthPoints,
    long DepthBytes,
    long MaxBytes,
    long ReplayedPoints,
    long DroppedPoints,
    DateTimeOffset? OldestSpooledAt,
    string? LastError,
    bool Full = false);
