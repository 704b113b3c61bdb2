using System.Security.Cryptography.X509Certificates;
using Ioc.Server.Hosting;

namespace Ioc.Server.Tests.Hosting;

public sealed class DemoCertificateCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("ioc-democert-").FullName, "tls");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public async Task DemoCertificate_WritesAKeyAndCertificateForLocalhost_ThatLoadTogether()
    {
        Assert.Equal(0, await DemoCertificateCommand.RunAsync(["--demo-certificate", _folder]));

        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(_folder, "tls.crt"), Path.Combine(_folder, "tls.key"));
        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.NotAfter > DateTime.UtcNow.AddDays(300));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "tls.key")));
        }
    }

    [Fact]
    public async Task DemoCertificate_NeverReplacesACertificateAlreadyThere()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "tls.crt"), "the province's certificate");

        Assert.Equal(0, await DemoCertificateCommand.RunAsync(["--demo-certificate", _folder]));

        Assert.Equal("the province's certificate", await File.ReadAllTextAsync(Path.Combine(_folder, "tls.crt")));
        Assert.False(File.Exists(Path.Combine(_folder, "tls.key")));
    }

    [Fact]
    public async Task DemoCertificate_WithoutAFolder_SaysWhatItNeeds() =>
        Assert.Equal(2, await DemoCertificateCommand.RunAsync(["--demo-certificate"]));
}
