using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Hosting;

/// <summary>A wrong setting of the embedded mode stops start-up and names the setting.</summary>
public sealed class EmbeddedSettingsTests
{
    [Theory]
    [InlineData("Ioc:Scheduling:WorkerCount", "0", "WorkerCount")]
    [InlineData("Ioc:Ingest:MaxFutureSkew", "30.00:00:00", "MaxFutureSkew")]
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

            Assert.True(await app.LoadDefinitionsAsync());
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains(named, string.Join("\n", error.Failures), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
