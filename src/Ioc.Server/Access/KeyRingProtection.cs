using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ioc.Core.Access;
using Microsoft.AspNetCore.DataProtection;

namespace Ioc.Server.Access;

/// <summary>The <c>Ioc:Access:DataProtection</c> section.</summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = AccessOptions.Section + ":DataProtection";

    /// <summary>A PFX file whose RSA key encrypts each key of the ring before it is stored; none leaves them readable.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// Encrypts the key ring at rest with a certificate kept outside the configuration store, so that a copy of the
/// database alone opens no cookie. Keys stored before a certificate was set stay readable without it.
/// </summary>
internal static partial class KeyRingProtection
{
    /// <summary>Loads the certificate now, so a wrong path or password stops the start naming the setting.</summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var settings = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return builder;
        }

        builder.Services.AddHostedService<UnencryptedKeysCheck>();
        return builder.ProtectKeysWithCertificate(Load(settings.CertificatePath, settings.CertificatePassword));
    }

    /// <summary>In production the key ring must not be readable from the database alone; say so loudly when it is.</summary>
    public static void WarnIfKeyRingUnprotected(this WebApplication app, bool production)
    {
        if (production && string.IsNullOrWhiteSpace(app.Configuration[KeyRingProtectionOptions.Section + ":CertificatePath"]))
        {
            LogUnprotected(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Access"));
        }
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        const string Setting = KeyRingProtectionOptions.Section + ":CertificatePath";
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // The password is never part of the message.
            throw new InvalidOperationException(
                $"{Setting}: cannot read the certificate '{path}' ({ex.GetType().Name}: {ex.Message}); check the file and {KeyRingProtectionOptions.Section}:CertificatePassword", ex);
        }

        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{Setting}: the certificate '{path}' has no RSA private key; the key ring needs one to encrypt and decrypt its keys");
        }

        return certificate;
    }

    [LoggerMessage(LogLevel.Warning, "Ioc:Access:DataProtection:CertificatePath is not set: the data-protection key ring is stored unencrypted, so anyone with a copy of the configuration database can forge and read session cookies. Set a certificate in production.")]
    private static partial void LogUnprotected(ILogger logger);
}

/// <summary>
/// Keys stored before the certificate was set stay readable (revoking them would take every wall screen off until
/// its kiosk link is opened again), but they are still in the clear; say so at each start until they are retired.
/// </summary>
internal sealed partial class UnencryptedKeysCheck(IKeyRingStore store, ILogger<UnencryptedKeysCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var clear = (await store.ListKeyRingAsync(cancellationToken)).Count(xml => xml.Contains("<masterKey", StringComparison.Ordinal));
            if (clear > 0)
            {
                LogUnencryptedKeys(clear);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A check, not a condition of starting: a store that does not answer now is reported elsewhere.
            LogCheckFailed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "{Count} keys of the data-protection key ring were stored before Ioc:Access:DataProtection:CertificatePath was set and remain unencrypted in the configuration store; retire them as docs/access.md describes")]
    private partial void LogUnencryptedKeys(int count);

    [LoggerMessage(LogLevel.Warning, "Could not check the key ring for unencrypted keys: the configuration store does not answer")]
    private partial void LogCheckFailed(Exception ex);
}
