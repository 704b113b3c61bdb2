namespace Ioc.Core.Configuration;

public enum DefinitionKind
{
    Collector,
    Dashboard,
}

/// <summary>
/// A collector or dashboard definition as kept by the configuration store: the document text as written
/// (YAML for collectors, JSON for dashboards) and where it came from.
/// </summary>
/// <param name="Source">The provisioning file (e.g. <c>collectors/portal.yaml</c>), or <c>admin</c> for edits made in Ioc.</param>
/// <param name="Version">Increases by one with every change of <see cref="Content"/>; 1 for a new definition.</param>
public sealed record StoredDefinition(DefinitionKind Kind, string Id, string Content, string Source, DateTimeOffset UpdatedAt, long Version);

/// <summary>
/// Where Ioc keeps its own configuration (collector and dashboard definitions now, users later).
/// Contract for every adapter:
/// <list type="bullet">
/// <item><see cref="InitializeAsync"/> creates or migrates the schema and is safe to call from several processes at once.</item>
/// <item><see cref="UpsertAsync"/> stores the content under (kind, id); unchanged content keeps its version and time.</item>
/// <item>Text, including Vietnamese, comes back byte for byte.</item>
/// </list>
/// </summary>
public interface IDefinitionStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredDefinition>> ListAsync(DefinitionKind kind, CancellationToken cancellationToken = default);

    /// <summary>Returns the definition as stored afterwards (with its version).</summary>
    Task<StoredDefinition> UpsertAsync(DefinitionKind kind, string id, string content, string source, CancellationToken cancellationToken = default);

    /// <summary>True when something was deleted.</summary>
    Task<bool> DeleteAsync(DefinitionKind kind, string id, CancellationToken cancellationToken = default);

    /// <summary>Answers once the store can serve; used by readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
