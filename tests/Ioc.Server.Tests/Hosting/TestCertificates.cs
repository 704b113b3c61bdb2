using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ioc.Server.Tests.Hosting;

/// <summary>Self-signed RSA certificates made on the spot, as an operator would make one for the key ring.</summary>
public static class TestCertificates
{
    /// <summary>Writes a PFX with its private key to <paramref name="folder"/>; returns its path.</summary>
    public static string WritePfx(string folder, string password, string name = "keyring")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=ioc-{name}-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
