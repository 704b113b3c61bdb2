using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ioc.Server.Hosting;

/// <summary>
/// <c>Ioc.Server --demo-certificate DIR</c>: writes a self-signed <c>tls.crt</c>/<c>tls.key</c> for localhost into DIR
/// unless a certificate is already there, so the compose demo's TLS proxy starts from a copied <c>.env</c> alone.
/// Browsers warn about it, as they should: a real wall uses the province's certificate, which this never replaces.
/// </summary>
public static class DemoCertificateCommand
{
    public static bool IsRequested(string[] args) => args is ["--demo-certificate", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [_, var folder, ..] || folder.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("--demo-certificate needs the folder to write tls.crt and tls.key into");
            return 2;
        }

        var crt = Path.Combine(folder, "tls.crt");
        var key = Path.Combine(folder, "tls.key");
        if (File.Exists(crt) || File.Exists(key))
        {
            await Console.Out.WriteLineAsync($"{crt} or {key} exists already; left as it is");
            return 0;
        }

        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=IOC demo", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(365));

        // The key first and readable by its owner only; the certificate's presence is what says "done".
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(crt, certificate.ExportCertificatePem());
        await Console.Out.WriteLineAsync($"wrote a self-signed certificate for localhost to {crt} (valid 365 days; browsers will warn)");
        return 0;
    }
}
