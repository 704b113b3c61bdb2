using System.ComponentModel.DataAnnotations;
using Ioc.Storage.PostgreSql;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.PostgreSql;

public sealed class PostgreSqlOptionsTests
{
    private const string Secret = "s3cr3t-Mật-khẩu";

    private static List<string> Problems(string connectionString)
    {
        var options = new PostgreSqlOptions { ConnectionString = connectionString };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Theory]
    [InlineData("Host=db;Port=5432;Database=ioc;Username=ioc;Password=" + Secret)]
    [InlineData("Host=127.0.0.1;Database=ioc;Username=postgres")]
    public void Validation_Accepts_AConnectionStringNpgsqlCanUse(string connectionString)
    {
        Assert.Empty(Problems(connectionString));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validation_NamesTheSetting_WhenItIsMissing(string connectionString)
    {
        var problem = Assert.Single(Problems(connectionString));

        Assert.Contains("Ioc:PostgreSql:ConnectionString is required", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Database=ioc;Password=" + Secret + ";Port=not-a-number", "value for 'port'")]
    [InlineData("Host=db;Database=ioc;Password=" + Secret + ";Hots=db", "key 'hots'")]
    [InlineData("Database=ioc;Username=ioc;Password=" + Secret, "names no Host")]
    [InlineData("Host=db;Password='" + Secret, "key=value pairs")]
    [InlineData(Secret, "key=value pairs")]
    public void Validation_SaysWhatIsWrong_WithoutEchoingThePassword(string connectionString, string expected)
    {
        var problem = Assert.Single(Problems(connectionString));

        Assert.StartsWith("Ioc:PostgreSql:ConnectionString ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_RefusesInvalidOptions_WithoutEchoingThePassword()
    {
        var options = Options.Create(new PostgreSqlOptions { ConnectionString = "Host=db;Password=" + Secret + ";Port=x" });

        var error = Assert.Throws<ValidationException>(() => new PostgreSqlDefinitionStore(options));

        Assert.Contains("Ioc:PostgreSql:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
    }
}
