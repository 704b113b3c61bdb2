using Ioc.Server.Access;
using Ioc.Server.Hosting;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Access;

/// <summary>Session and key-ring settings that cannot work stop the start and name the setting.</summary>
public sealed class SessionSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ioc-session-settings-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Start_Fails_NamingBothLifetimes_WhenTheAbsoluteOneIsShorter()
    {
        await using var app = Build("--Ioc:Access:SessionLifetime=08:00:00", "--Ioc:Access:SessionAbsoluteLifetime=04:00:00");

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AccessOptions>>().Value);

        var failures = string.Join("\n", error.Failures);
        Assert.Contains("Ioc:Access:SessionAbsoluteLifetime", failures, StringComparison.Ordinal);
        Assert.Contains("Ioc:Access:SessionLifetime", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_Fails_NamingTheCertificateSetting_WhenTheFileIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build($"--Ioc:Access:DataProtection:CertificatePath={Path.Combine(_dir, "missing.pfx")}"));

        Assert.Contains("Ioc:Access:DataProtection:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_Fails_NamingTheCertificateSettings_WhenThePasswordIsWrong_WithoutShowingIt()
    {
        var pfx = TestCertificates.WritePfx(_dir, "right-password-123");

        var error = Assert.Throws<InvalidOperationException>(() => Build(
            $"--Ioc:Access:DataProtection:CertificatePath={pfx}", "--Ioc:Access:DataProtection:CertificatePassword=wrong-password-456"));

        Assert.Contains("Ioc:Access:DataProtection:CertificatePassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-456", error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(params string[] settings) => IocApplication.Build(
    [
        "--environment=Testing",
        "--Ioc:Scheduling:Enabled=false",
        $"--Ioc:Storage:Sqlite:Path={Path.Combine(_dir, "ioc.db")}",
        $"--Ioc:Configuration:Sqlite:Path={Path.Combine(_dir, "config.db")}",
        $"--Ioc:Storage:Spool:Path={Path.Combine(_dir, "spool")}",
        .. settings,
    ]);
}
