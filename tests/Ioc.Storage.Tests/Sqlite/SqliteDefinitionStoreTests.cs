using System.ComponentModel.DataAnnotations;
using Ioc.Core.Configuration;
using Ioc.Storage.Sqlite;
using Ioc.Storage.Tests.Configuration;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.Sqlite;

/// <summary>The definition store contract against a SQLite file in a folder of each test's own.</summary>
public sealed class SqliteDefinitionStoreTests : DefinitionStoreContract
{
    // A folder that does not exist yet: InitializeAsync must create it.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ioc-storage-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IDefinitionStore> CreateAsync() =>
        Task.FromResult<IDefinitionStore>(Track(new SqliteDefinitionStore(Options.Create(new SqliteDefinitionStoreOptions
        {
            Path = Path.Combine(_folder, "config", "ioc-config.db"),
        }))));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ping_DoesNotCreateTheFile()
    {
        var store = (SqliteDefinitionStore)await CreateAsync();

        Assert.False(await store.PingAsync());
        Assert.False(File.Exists(store.Path));
    }

    [Fact]
    public void Options_DefaultToAFileBesideTheMetrics()
    {
        Assert.Equal("data/ioc-config.db", new SqliteDefinitionStoreOptions().Path);
    }

    [Theory]
    [InlineData(":memory:", "is not a file path")]
    [InlineData("file:config.db?mode=memory", "is not a file path")]
    [InlineData("data/", "is not a valid file path")]
    [InlineData("", "is required")]
    public void Options_NameTheSetting_WhenThePathIsUnusable(string path, string expected)
    {
        var options = new SqliteDefinitionStoreOptions { Path = path };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var problem = Assert.Single(results).ErrorMessage;
        Assert.StartsWith("Ioc:Configuration:Sqlite:Path", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
