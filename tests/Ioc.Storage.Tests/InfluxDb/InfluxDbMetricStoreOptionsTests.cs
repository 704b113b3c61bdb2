using System.ComponentModel.DataAnnotations;
using Ioc.Storage.InfluxDb;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.InfluxDb;

public sealed class InfluxDbMetricStoreOptionsTests
{
    private const string Secret = "s3cr3t-Mật-khẩu";

    private static List<string> Problems(Action<InfluxDbMetricStoreOptions> configure)
    {
        var options = new InfluxDbMetricStoreOptions { Url = "http://influxdb:8086" };
        configure(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Defaults_AreValid_OnceTheUrlIsSet()
    {
        var options = new InfluxDbMetricStoreOptions();

        Assert.Empty(Problems(_ => { }));
        Assert.Equal(("ioc", "ms", 5_000, true, TimeSpan.FromSeconds(10)), (options.Database, options.Precision, options.BatchSize, options.Gzip, options.Timeout));
    }

    [Theory]
    [InlineData("http://influxdb:8086")]
    [InlineData("https://influx.example.vn/")]
    [InlineData("http://10.0.0.5:8086/influx")]
    public void Validation_Accepts_AnAbsoluteHttpUrl(string url)
    {
        Assert.Empty(Problems(o => o.Url = url));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("influxdb:8086")]
    [InlineData("ftp://influxdb")]
    [InlineData("/relative")]
    public void Validation_NamesTheSetting_WhenTheUrlIsNotAbsoluteHttp(string url)
    {
        var problem = Assert.Single(Problems(o => o.Url = url));

        Assert.Equal($"Ioc:Storage:InfluxDb:Url '{url}' is not an absolute http(s) URL (e.g. http://influxdb:8086)", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validation_SaysTheUrlIsRequired(string url)
    {
        Assert.Equal("Ioc:Storage:InfluxDb:Url is required (e.g. http://influxdb:8086)", Assert.Single(Problems(o => o.Url = url)));
    }

    [Theory]
    [InlineData("http://ioc:" + Secret + "@influxdb:8086", "carries credentials")]
    [InlineData("ioc:" + Secret + "@influxdb", "is not an absolute http(s) URL")]
    [InlineData("http://influxdb:8086/?u=ioc&p=" + Secret, "query")]
    public void Validation_RefusesCredentialsInTheUrl_WithoutEchoingThem(string url, string expected)
    {
        var problem = Assert.Single(Problems(o => o.Url = url));

        Assert.StartsWith("Ioc:Storage:InfluxDb:Url ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5_001)]
    public void Validation_KeepsBatchSizeWithinInfluxsRecommendation(int batchSize)
    {
        Assert.Equal("Ioc:Storage:InfluxDb:BatchSize must be between 1 and 5000 lines per request", Assert.Single(Problems(o => o.BatchSize = batchSize)));
    }

    [Theory]
    [InlineData("m")]
    [InlineData("millisecond")]
    [InlineData("n")]
    public void Validation_NamesThePrecisions_ItKnows(string precision)
    {
        Assert.Equal($"Ioc:Storage:InfluxDb:Precision '{precision}' is not one of ns, us, ms, s", Assert.Single(Problems(o => o.Precision = precision)));
    }

    [Fact]
    public void Validation_RefusesAZeroTimeout()
    {
        Assert.StartsWith("Ioc:Storage:InfluxDb:Timeout must be between", Assert.Single(Problems(o => o.Timeout = TimeSpan.Zero)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("1.00:00:00")]
    public void Validation_KeepsMaxRetryAfterWithinBounds(string maxRetryAfter)
    {
        var problem = Assert.Single(Problems(o => o.MaxRetryAfter = TimeSpan.Parse(maxRetryAfter, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.StartsWith("Ioc:Storage:InfluxDb:MaxRetryAfter must be between", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_RequiresADatabase()
    {
        Assert.Equal("Ioc:Storage:InfluxDb:Database is required (e.g. ioc)", Assert.Single(Problems(o => o.Database = "")));
    }

    [Fact]
    public void Validation_RefusesTokenTogetherWithUsername_WithoutEchoingEither()
    {
        var problem = Assert.Single(Problems(o => (o.Token, o.Username, o.Password) = ("s3cr3t-token", "ioc", Secret)));

        Assert.Contains("Ioc:Storage:InfluxDb:Token and Ioc:Storage:InfluxDb:Username/Password are both set", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_RefusesAPasswordWithoutUsername_WithoutEchoingIt()
    {
        var problem = Assert.Single(Problems(o => o.Password = Secret));

        Assert.Equal("Ioc:Storage:InfluxDb:Password is set without Ioc:Storage:InfluxDb:Username", problem);
    }

    [Theory]
    [InlineData("s3cr3t token")]
    [InlineData("s3cr3t\n")]
    [InlineData(Secret)]
    public void Validation_RefusesATokenNoHeaderCanCarry_WithoutEchoingIt(string token)
    {
        var problem = Assert.Single(Problems(o => o.Token = token));

        Assert.Contains("Ioc:Storage:InfluxDb:Token contains white space", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_RefusesInvalidOptions_NamingTheSetting()
    {
        var options = Options.Create(new InfluxDbMetricStoreOptions { Url = "x" });

        var error = Assert.Throws<ValidationException>(() => new InfluxDbMetricStore(options, new ListLogger<InfluxDbMetricStore>()));

        Assert.Contains("Ioc:Storage:InfluxDb:Url 'x'", error.Message, StringComparison.Ordinal);
    }
}
