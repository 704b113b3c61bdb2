using System.Reflection;

namespace Ioc.Server.Tests;

/// <summary>
/// The dependency rules of STYLE.md, read from the built assemblies: Core knows no technology, and collectors and
/// storage never reach into each other. A rule only a reviewer remembers erodes.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Ioc.Core.Metrics.MetricPoint).Assembly;
    private static readonly Assembly Collectors = typeof(Ioc.Collectors.CollectorKinds).Assembly;
    private static readonly Assembly Storage = typeof(Ioc.Storage.Sqlite.SqliteMetricStoreOptions).Assembly;
    private static readonly Assembly Simulator = typeof(Ioc.Simulator.SimulatorOptions).Assembly;

    public static TheoryData<string, string> Forbidden => new()
    {
        { "Ioc.Core", "Ioc." },
        { "Ioc.Core", "Microsoft.AspNetCore" },
        { "Ioc.Core", "Hangfire" },
        { "Ioc.Core", "Microsoft.Data.Sqlite" },
        { "Ioc.Core", "Npgsql" },
        { "Ioc.Core", "Serilog" },
        { "Ioc.Collectors", "Ioc.Storage" },
        { "Ioc.Collectors", "Ioc.Server" },
        { "Ioc.Collectors", "Hangfire" },
        { "Ioc.Storage", "Ioc.Collectors" },
        { "Ioc.Storage", "Ioc.Server" },
        { "Ioc.Storage", "Hangfire" },
        { "Ioc.Simulator", "Ioc.Storage" },
        { "Ioc.Simulator", "Ioc.Collectors" },
        { "Ioc.Simulator", "Ioc.Server" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void AnAssembly_DoesNotReferenceWhatItMustNotKnow(string assembly, string forbiddenPrefix)
    {
        var references = Of(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, r => r.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    /// <summary>The simulator's own host is built but not loaded by these tests, so its references are read from the file.</summary>
    [Theory]
    [InlineData("Ioc.Storage")]
    [InlineData("Ioc.Collectors")]
    [InlineData("Ioc.Server")]
    [InlineData("Hangfire")]
    public void TheSimulatorHost_KnowsOnlyTheSimulator(string forbiddenPrefix)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(Hosting.IocServer.RepoRoot, "src", "Ioc.Simulator.Host", "bin", configuration, "net10.0", "Ioc.Simulator.Host.dll");
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(dll));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();

        Assert.Contains("Ioc.Simulator", references);
        Assert.DoesNotContain(references, r => r.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }

    private static Assembly Of(string name) => name switch
    {
        "Ioc.Core" => Core,
        "Ioc.Collectors" => Collectors,
        "Ioc.Storage" => Storage,
        "Ioc.Simulator" => Simulator,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such assembly in the rules"),
    };
}
