using System.ComponentModel.DataAnnotations;
using Ioc.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SqliteMetricStoreFileTests
{
    [Fact]
    public async Task Open_CreatesFolderAndSchema_InWalModeWithSchemaVersion()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        Assert.True(await store.PingAsync());

        Assert.True(File.Exists(folder.DatabasePath));
        Assert.Equal("wal", Pragma(folder.DatabasePath, "journal_mode"));
        Assert.Equal(SqliteSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Pragma(folder.DatabasePath, "user_version"));
    }

    [Fact]
    public async Task Open_KeepsExistingData_WhenTheSchemaIsAlreadyThere()
    {
        await using var folder = new StoreFolder();
        var first = folder.Open();
        await first.WriteAsync([Point("a", "b", 1, Start)]);
        var second = folder.Open();

        Assert.True(await second.PingAsync());
        Assert.Single(await second.QueryLastAsync(new Core.Storage.SeriesSelector("a", "b")));
    }

    [Fact]
    public async Task Open_RefusesTheFile_WhenItsSchemaIsNewerThanThisBuild()
    {
        await using var folder = new StoreFolder();
        Directory.CreateDirectory(folder.Folder);
        Pragma(folder.DatabasePath, $"user_version = {SqliteSchema.CurrentVersion + 1}");
        var store = folder.Open();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync([Point("a", "b", 1, Start)]));

        Assert.Contains("schema version", error.Message, StringComparison.Ordinal);
        Assert.False(await store.PingAsync());
    }

    [Fact]
    public async Task Path_ResolvesAgainstTheCurrentDirectory_WhenRelative()
    {
        var options = new SqliteMetricStoreOptions { Path = Path.Combine("data", "ioc.db") };
        await using var store = new SqliteMetricStore(Options.Create(options), NullLogger<SqliteMetricStore>.Instance);

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data", "ioc.db"), store.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":memory:")]
    [InlineData("file::memory:?cache=shared")]
    [InlineData("data/")]
    public void Options_AreInvalid_WhenPathIsNotAFile(string path)
    {
        var options = new SqliteMetricStoreOptions { Path = path };

        Assert.NotEmpty(Validate(options));
        Assert.Throws<ValidationException>(() => new SqliteMetricStore(Options.Create(options), NullLogger<SqliteMetricStore>.Instance));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_600)]
    public void Options_AreInvalid_WhenBusyTimeoutIsOutOfRange(int seconds)
    {
        var options = new SqliteMetricStoreOptions { BusyTimeout = TimeSpan.FromSeconds(seconds) };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(SqliteMetricStoreOptions.BusyTimeout)));
    }

    [Fact]
    public void Options_AreValid_ByDefault()
    {
        var options = new SqliteMetricStoreOptions();

        Assert.Empty(Validate(options));
        Assert.Equal("data/ioc.db", options.Path);
    }

    private static List<ValidationResult> Validate(SqliteMetricStoreOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static string Pragma(string path, string pragma)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
