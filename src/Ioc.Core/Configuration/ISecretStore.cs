namespace Ioc.Core.Configuration;

/// <summary>A secret as administrators see it: its name and when and by whom it was last set, never its value.</summary>
public sealed record SecretEntry(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>A secret as stored: the value is already encrypted by the server before it reaches the store.</summary>
public sealed record ProtectedSecret(string Name, string ProtectedValue, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public override string ToString() => $"secret {Name}"; // never the value, even encrypted
}

/// <summary>
/// Credentials that collector definitions refer to as <c>${secret:NAME}</c>. Contract for every adapter:
/// <list type="bullet">
/// <item>The store only ever sees protected (encrypted) values; it neither encrypts nor decrypts.</item>
/// <item>Names are compared exactly (ordinal); listings are ordered by name.</item>
/// <item>Every change raises <see cref="ICollectorStateStore.GetRevisionAsync"/>, so each node reloads its collectors.</item>
/// <item>The schema comes from <see cref="IDefinitionStore.InitializeAsync"/>.</item>
/// </list>
/// </summary>
public interface ISecretStore
{
    /// <summary>Names and dates only, for listings.</summary>
    Task<IReadOnlyList<SecretEntry>> ListSecretsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every secret with its protected value, for expanding definitions.</summary>
    Task<IReadOnlyList<ProtectedSecret>> ReadSecretsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a secret; true when it did not exist before. A replaced secret keeps its creation time.</summary>
    Task<bool> PutSecretAsync(string name, string protectedValue, string actor, CancellationToken cancellationToken = default);

    /// <summary>True when there was such a secret.</summary>
    Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken = default);
}
