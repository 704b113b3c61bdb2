using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Production;

/// <summary>A production process with a wrong or missing setting stops at start-up and names the setting.</summary>
public sealed class ProductionSettingsTests
{
    [Fact]
    public async Task Start_Fails_NamingTheInfluxDbUrl_WhenItIsNotAUrl()
    {
        var error = await StartAsync("--Ioc:Storage:InfluxDb:Url=influxdb-without-scheme", "--Ioc:PostgreSql:ConnectionString=Host=127.0.0.1;Port=1;Username=ioc;Password=secret-never-shown");

        Assert.Contains("Ioc:Storage:InfluxDb:Url", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-never-shown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_NamingThePostgreSqlConnectionString_WhenItIsMissing()
    {
        var error = await StartAsync("--Ioc:Storage:InfluxDb:Url=http://127.0.0.1:1");

        Assert.Contains("Ioc:PostgreSql:ConnectionString", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_Fails_NamingTheSetting_WhenAModeIsUnknown()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IocApplication.Build(["--environment=Testing", "--Ioc:Mode=Staging"]));

        Assert.Contains("Ioc:Mode", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> StartAsync(params string[] settings)
    {
        var dir = Directory.CreateTempSubdirectory("ioc-settings-").FullName;
        try
        {
            await using var app = IocApplication.Build(["--environment=Testing", "--Ioc:Mode=Production", "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Spool:Path={dir}", .. settings]);
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            return string.Join("\n", error.Failures);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
