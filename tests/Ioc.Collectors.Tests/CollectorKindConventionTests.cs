using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests;

/// <summary>Every registered kind ships a sample definition that loads and builds: the pattern teaches itself.</summary>
public sealed class CollectorKindConventionTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["SIMULATOR_URL"] = "http://127.0.0.1:1" };

    public static TheoryData<string> KindNames() => [.. Names()];

    [Theory]
    [MemberData(nameof(KindNames))]
    public void Kind_HasASampleDefinition_ThatLoadsAndBuilds(string name)
    {
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();
        var kind = services.GetServices<ICollectorKind>().Single(k => k.Name == name);

        var sample = CollectorKinds.FindSample(kind);

        Assert.NotNull(sample);
        var definition = CollectorDefinitionLoader.Parse(sample.Yaml, Variables, sample.Source);
        Assert.Equal(name, definition.Kind);
        Assert.NotNull(kind.Create(definition));
    }

    [Fact]
    public void KindNames_AreUnique()
    {
        var names = Names();
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static List<string> Names()
    {
        using var services = new ServiceCollection().AddCollectorKinds().BuildServiceProvider();
        return [.. services.GetServices<ICollectorKind>().Select(k => k.Name)];
    }
}
