using Ioc.Core.Collecting;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// Everything administrators do to collectors, for the API and the admin pages alike: every change is checked
/// whole, audited with a diff, stored in the configuration store and in effect on every node within seconds.
/// </summary>
internal sealed partial class CollectorAdministration
{
    public const int MaxTestPoints = 100;

    /// <summary>The source name of collectors made in Ioc rather than provisioned from a file.</summary>
    public const string AdminSource = "admin";

    public IReadOnlyList<CollectorKindInfo> Kinds => throw new NotImplementedException();

    public Task<IReadOnlyList<CollectorEntry>> ListAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<CollectorEntry?> GetAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Creates (<paramref name="id"/> null) or replaces a collector made in Ioc.</summary>
    public Task<SaveResult> SaveAsync(string? id, string document, DocumentFormat format, string actor, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<ActionStatus> DeleteAsync(string id, string actor, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<ActionStatus> SetPausedAsync(string id, bool paused, string actor, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Queues a run of the current slot now, on whichever node's scheduler takes it first.</summary>
    public Task<ActionStatus> RunNowAsync(string id, string actor, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Runs an unsaved definition once and stores nothing.</summary>
    public Task<TestResult> TestAsync(string document, DocumentFormat format, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The document as YAML, for a file under <c>collectors/</c>.</summary>
    public Task<string?> ExportAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Starts collecting every slot of a past window, oldest first, from a source that answers as of a time.</summary>
    public Task<(ActionStatus Status, string? Message)> StartBackfillAsync(string id, DateTimeOffset from, DateTimeOffset to, string actor, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The newest back-fill of the collector started on this node, going or finished.</summary>
    public BackfillProgress? GetBackfill(string id) => throw new NotImplementedException();
}
