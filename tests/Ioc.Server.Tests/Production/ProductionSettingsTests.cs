using Ioc.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
    public async Task Start_Fails_NamingEverySetting_ThatStillHoldsAnExampleValue()
    {
        var error = await RefusedSettingsAsync(
            "--Ioc:Mode=Production",
            "--Ioc:Storage:InfluxDb:Url=http://127.0.0.1:1",
            "--Ioc:Storage:InfluxDb:Token=change-me-long-random-token",
            "--Ioc:PostgreSql:ConnectionString=Host=127.0.0.1;Port=1;Username=ioc;Password=change-me-long-random",
            "--Ioc:Access:AdminPassword=");

        Assert.Contains("Ioc:Storage:InfluxDb:Token still holds the example value", error, StringComparison.Ordinal);
        Assert.Contains("Ioc:PostgreSql:ConnectionString still holds the example value", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Ioc:Access:AdminPassword", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedStart_Fails_WhenTheAdminPasswordIsTheExampleValue()
    {
        var error = await RefusedSettingsAsync("--Ioc:Access:AdminPassword=Change-Me-Long-Random");

        Assert.Contains("Ioc:Access:AdminPassword still holds the example value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_Fails_NamingTheSimulatorSetting_WhenProductionIsAskedToServeSim()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IocApplication.Build(["--environment=Testing", "--Ioc:Mode=Production", "--Ioc:Simulator:Enabled=true"]));

        Assert.Contains("Ioc:Simulator:Enabled is true, but Ioc:Mode is Production, which never serves /sim", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ioc:Variables:SIMULATOR_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeDemo_AcceptsTheExampleSecrets_AndNamesThemInAWarning()
    {
        var dir = Directory.CreateTempSubdirectory("ioc-settings-").FullName;
        try
        {
            var log = new CapturedLog<PlaceholderSecrets>();
            await using var app = IocApplication.Build(
                ["--environment=Testing", "--Ioc:Mode=Production", "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Spool:Path={dir}",
                 "--Ioc:Storage:InfluxDb:Url=http://127.0.0.1:1", "--Ioc:Storage:InfluxDb:Token=change-me-long-random-token",
                 "--Ioc:PostgreSql:ConnectionString=Host=127.0.0.1;Port=1;Username=ioc;Password=change-me-long-random",
                 "--Ioc:ComposeProfiles=monitoring,demo"],
                builder => builder.Services.AddSingleton<ILogger<PlaceholderSecrets>>(log));

            var options = app.Services.GetRequiredService<IOptions<IocOptions>>().Value;

            Assert.True(options.IsComposeDemo);
            Assert.Contains("Compose demo profile: example secrets from .env.example accepted in Ioc:PostgreSql:ConnectionString, Ioc:Storage:InfluxDb:Token", log.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("change-me-long-random", log.Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutTheComposeDemo_TheExampleSecretsAreRefusedAgain()
    {
        var error = await RefusedSettingsAsync("--Ioc:ComposeProfiles=monitoring", "--Ioc:Access:AdminPassword=change-me-long-random");

        Assert.Contains("Ioc:Access:AdminPassword still holds the example value", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_NamingTheRedisSetting_WhenTheScaleProfileRunsWithoutIt()
    {
        var error = await RefusedLiveSettingsAsync("--Ioc:ComposeProfiles=demo,scale");

        Assert.Contains("Ioc:Live:Redis:Configuration is empty", error, StringComparison.Ordinal);
        Assert.Contains("IOC_LIVE_REDIS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_NamingTheRedisSetting_WhenItIsNotAConfigurationString()
    {
        var error = await RefusedLiveSettingsAsync("--Ioc:Live:Redis:Configuration=redis:6379,connectTimeout=soon");

        Assert.Contains("Ioc:Live:Redis:Configuration is not a StackExchange.Redis configuration string", error, StringComparison.Ordinal);
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

    /// <summary>Loading refuses to go on (nothing is provisioned, no admin created); returns what the settings check says.</summary>
    private static async Task<string> RefusedSettingsAsync(params string[] settings)
    {
        var dir = Directory.CreateTempSubdirectory("ioc-settings-").FullName;
        try
        {
            await using var app = IocApplication.Build(["--environment=Testing", "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Spool:Path={dir}", $"--Ioc:Storage:Sqlite:Path={dir}/ioc.db", $"--Ioc:Configuration:Sqlite:Path={dir}/config.db", .. settings]);
            Assert.False(await app.LoadDefinitionsAsync());
            Assert.False(File.Exists(Path.Combine(dir, "config.db")), "the configuration store was written before the settings were checked");
            var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<IocOptions>>().Value);
            return string.Join("\n", error.Failures);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Loading refuses to go on over Ioc:Live; returns what its check says.</summary>
    private static async Task<string> RefusedLiveSettingsAsync(params string[] settings)
    {
        var dir = Directory.CreateTempSubdirectory("ioc-settings-").FullName;
        try
        {
            await using var app = IocApplication.Build(["--environment=Testing", "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Spool:Path={dir}", $"--Ioc:Storage:Sqlite:Path={dir}/ioc.db", $"--Ioc:Configuration:Sqlite:Path={dir}/config.db", .. settings]);
            Assert.False(await app.LoadDefinitionsAsync());
            var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<Ioc.Server.Live.LiveOptions>>().Value);
            return string.Join("\n", error.Failures);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class CapturedLog<T> : ILogger<T>
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_text)
            {
                _text.AppendLine($"{logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
