namespace Ioc.Core.Collecting;

/// <summary>
/// Optional capability of a collector whose source answers "as of" a past time. Such a run is fully
/// reentrant (the same slot reads the same figures), and missed slots can be collected afterwards.
/// </summary>
public interface IReplayableCollector : ICollector
{
    /// <summary>How far back the source keeps answering; slots older than this are not replayed.</summary>
    TimeSpan ReplayWindow { get; }
}
