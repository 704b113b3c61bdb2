namespace Ioc.Core.Configuration;

/// <summary>A collector paused or resumed by an administrator; kept apart from its definition, so a provisioned file stays as written.</summary>
public sealed record CollectorState(string CollectorId, bool Paused, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>
/// What administrators change about collectors besides their definitions. Contract for every adapter:
/// <list type="bullet">
/// <item>The schema comes from <see cref="IDefinitionStore.InitializeAsync"/>.</item>
/// <item>Every change here, and every change of a stored definition, raises <see cref="GetRevisionAsync"/>, so each node
/// that polls it notices within one poll and reloads.</item>
/// </list>
/// </summary>
public interface ICollectorStateStore
{
    Task<IReadOnlyList<CollectorState>> ListStatesAsync(CancellationToken cancellationToken = default);

    Task SetPausedAsync(string collectorId, bool paused, string actor, CancellationToken cancellationToken = default);

    /// <summary>Drops a deleted collector's state; true when there was one.</summary>
    Task<bool> ForgetStateAsync(string collectorId, CancellationToken cancellationToken = default);

    /// <summary>A number that grows with every change of the configuration (definitions, states, secrets).</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);
}
