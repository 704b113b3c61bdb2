using Ioc.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Hosting;

/// <summary>A wrong setting of the embedded mode stops start-up and names the setting.</summary>
public sealed class EmbeddedSettingsTests
{
    [Theory]
    [InlineData("Ioc:Scheduling:WorkerCount", "0", "WorkerCount")]
    [InlineData("Ioc:Ingest:MaxFutureSkew", "30.00:00:00", "MaxFutureSkew")]
    [InlineData("Ioc:Access:Oidc:Authority", "not-a-url", "Ioc:Access:Oidc")]
    [InlineData("Ioc:Access:AdminPassword", "short", "Ioc:Access:AdminPassword")]
    [InlineData("Ioc:Access:LockoutThreshold", "0", "LockoutThreshold")]
    [InlineData("Ioc:Access:LockoutFirstDelay", "00:20:00", "LockoutFirstDelay")]
    [InlineData("Ioc:Access:LockoutForgetAfter", "00:05:00", "LockoutForgetAfter")]
    public async Task Start_Fails_NamingTheSetting_WhenItIsOutOfRange(string key, string value, string named)
    {
        var dir = Directory.CreateTempSubdirectory("ioc-settings-").FullName;
        try
        {
            await using var app = IocApplication.Build(
            [
                "--environment=Testing",
                $"--Ioc:Storage:Sqlite:Path={Path.Combine(dir, "ioc.db")}",
                $"--Ioc:Configuration:Sqlite:Path={Path.Combine(dir, "config.db")}",
                $"--urls=http://127.0.0.1:0",
                $"--{key}={value}",
            ]);

            // What the host runs first when it starts (and Program before it loads definitions).
            var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

            Assert.Contains(named, string.Join("\n", error.Failures), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
