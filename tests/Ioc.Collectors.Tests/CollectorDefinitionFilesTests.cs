using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests;

/// <summary>The definitions shipped in the repository's collectors/ folder load and build with the registered kinds.</summary>
public sealed class CollectorDefinitionFilesTests
{
    [Fact]
    public void RepositoryCollectors_LoadAndBuild()
    {
        var definitions = CollectorDefinitionLoader.LoadDirectory(
            Path.Combine(RepositoryRoot(), "collectors"),
            new Dictionary<string, string> { ["SIMULATOR_URL"] = "http://127.0.0.1:1" });
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();

        var catalog = CollectorCatalog.Build(definitions, services.GetServices<ICollectorKind>());

        Assert.NotEmpty(catalog.Definitions);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Ioc.sln above {AppContext.BaseDirectory}");
    }
}
