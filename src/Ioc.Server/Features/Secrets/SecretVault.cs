using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Microsoft.AspNetCore.DataProtection;

namespace Ioc.Server.Features.Secrets;

/// <summary>A request to set a secret that cannot be honoured; <see cref="Field"/> names what is wrong.</summary>
internal sealed class SecretRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Credentials collectors use, kept encrypted with the server's data-protection key ring (itself in the configuration
/// store, optionally encrypted with a certificate). Write-only: nothing here hands a value back to a person; only
/// <see cref="ReadAllAsync"/> decrypts, for expanding <c>${secret:NAME}</c> in definitions. Every change is audited
/// without its value, and every value read or written joins the <see cref="SecretMask"/>.
/// </summary>
internal sealed partial class SecretVault
{
    public const string Purpose = "Ioc.Secrets.v1";

    /// <summary>Far above any token or password; a value this large is a mistake (a file pasted whole).</summary>
    public const int MaxValueBytes = 8 * 1024;

    public const int MaxNameLength = 64;

    private readonly ISecretStore _store;
    private readonly IDataProtector _protector;
    private readonly SecretMask _mask;
    private readonly AuditLog _audit;
    private readonly ILogger<SecretVault> _logger;

    public SecretVault(ISecretStore store, IDataProtectionProvider protection, SecretMask mask, AuditLog audit, ILogger<SecretVault> logger)
    {
        _store = store;
        _protector = protection.CreateProtector(Purpose);
        _mask = mask;
        _audit = audit;
        _logger = logger;
    }

    public Task<IReadOnlyList<SecretEntry>> ListAsync(CancellationToken cancellationToken = default) => _store.ListSecretsAsync(cancellationToken);

    /// <summary>Creates or replaces a secret; true when it is new. Throws <see cref="SecretRequestException"/> for a bad name or value.</summary>
    public async Task<bool> SetAsync(string actor, string? name, string? value, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new SecretRequestException("value", "value: required, the secret's text");
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
        {
            throw new SecretRequestException("value", $"value: at most {MaxValueBytes} bytes");
        }

        // Masked before it is stored, so a run that picks it up at once already cannot show it.
        _mask.Add([value]);
        var created = await _store.PutSecretAsync(name!, _protector.Protect(value), actor, cancellationToken);
        await _audit.RecordAsync(actor, created ? "secret.created" : "secret.replaced", name!, "", cancellationToken);
        return created;
    }

    /// <summary>True when there was such a secret.</summary>
    public async Task<bool> DeleteAsync(string actor, string name, CancellationToken cancellationToken = default)
    {
        if (!await _store.DeleteSecretAsync(name, cancellationToken))
        {
            return false;
        }

        await _audit.RecordAsync(actor, "secret.deleted", name, "", cancellationToken);
        return true;
    }

    /// <summary>
    /// Every secret decrypted, keyed <c>secret:NAME</c> as definitions refer to them, to add to the settings'
    /// variables before parsing definitions. A secret the key ring cannot open (the ring was lost or replaced) is
    /// left out and logged by name, so definitions using it fail naming it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in await _store.ReadSecretsAsync(cancellationToken))
        {
            try
            {
                values[YamlToJson.SecretPrefix + secret.Name] = _protector.Unprotect(secret.ProtectedValue);
            }
            catch (CryptographicException)
            {
                LogUnreadable(secret.Name);
            }
        }

        _mask.Add(values.Values);
        return values;
    }

    /// <summary>Throws <see cref="SecretRequestException"/> naming the field when <paramref name="name"/> is not a secret's name.</summary>
    public static void CheckName(string? name)
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new SecretRequestException("name", $"name: '{name}' must be upper-case letters, digits and '_', starting with a letter, at most {MaxNameLength} characters (e.g. PORTAL_TOKEN)");
        }
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    private static partial Regex NamePattern();

    [LoggerMessage(LogLevel.Error, "Secret {Name} cannot be decrypted with this server's key ring; set it again under /admin/secrets")]
    private partial void LogUnreadable(string name);
}
