using Ioc.Core.Collecting;
using Ioc.Core.ServiceIndex;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.ServiceIndex;

public sealed class ServiceIndexTableLoaderTests
{
    private const string Valid = """
        apiVersion: ioc/v1
        id: small
        title: Chỉ số thử
        totalPoints: 30
        groups:
          - id: publicity
            name: Công khai, minh bạch
            maxPoints: 18
            indicators:
              - id: synchronised
                name: Hồ sơ đồng bộ
                maxPoints: 18
                basis: decision-766-annex
                measure:
                  numerator: { measurement: service_index_inputs, field: records_synchronised }
                  denominator: { measurement: service_index_inputs, field: records_received }
                  scale: 100
                scoring: { full: 100, zero: 0 }
          - id: satisfaction
            name: Mức độ hài lòng
            maxPoints: 12
            indicators:
              - id: satisfied
                name: Hài lòng
                maxPoints: 12
                basis: estimate
                measure: { series: { measurement: service_index_inputs, field: satisfied_rate }, rollUp: none }
                scoring: { full: 95, zero: 50, whenNoData: full }
        """;

    [Fact]
    public void RepositoryTable_LoadsWithFiveGroupsOfTheDecisionAddingUpTo100()
    {
        var tables = ServiceIndexTableLoader.LoadDirectory(Path.Combine(RepositoryRoot(), "indices"));

        var table = Assert.Single(tables, t => t.Id == "service-index-766");
        Assert.Equal(
            [("publicity", 18.0), ("progress", 20.0), ("digitisation", 22.0), ("online", 22.0), ("satisfaction", 18.0)],
            table.Groups.Select(g => (g.Id, g.MaxPoints)));
        Assert.Equal(100, table.Groups.Sum(g => g.MaxPoints));
        // The decision names the first two groups' indicators; the others are inferred.
        Assert.All(table.Groups.Take(2).SelectMany(g => g.Indicators), i => Assert.False(i.IsEstimate));
        Assert.All(table.Groups.Skip(2).SelectMany(g => g.Indicators), i => Assert.True(i.IsEstimate));
    }

    [Fact]
    public void Parse_ReadsRulesAndMeasures()
    {
        var table = ServiceIndexTableLoader.Parse(Valid, "indices/small.yaml");

        var satisfied = table.Groups[1].Indicators[0];
        Assert.Equal("Mức độ hài lòng", table.Groups[1].Name);
        Assert.Equal(NoDataScore.Full, satisfied.Scoring.WhenNoData);
        Assert.Equal("satisfied_rate", satisfied.Measure.Series!.Field);
        Assert.True(satisfied.IsEstimate);
        Assert.True(table.Groups[0].Indicators[0].Measure.IsRatio);
    }

    [Fact]
    public void Parse_RefusesGroupsThatDoNotAddUp_NamingFileAndPath()
    {
        var yaml = Valid.Replace("maxPoints: 12\n    indicators", "maxPoints: 13\n    indicators", StringComparison.Ordinal);

        var ex = Assert.Throws<DefinitionException>(() => ServiceIndexTableLoader.Parse(yaml, "indices/small.yaml"));

        Assert.Contains("indices/small.yaml: groups: the groups' maxPoints add up to 31, not 30", ex.Problems);
        Assert.Contains("indices/small.yaml: groups[1].maxPoints: the indicators' maxPoints add up to 12, not 13", ex.Problems);
    }

    [Fact]
    public void Parse_RefusesUnknownBasisEqualThresholdsAndHalfARatio()
    {
        var yaml = Valid
            .Replace("basis: estimate", "basis: guess", StringComparison.Ordinal)
            .Replace("{ full: 100, zero: 0 }", "{ full: 100, zero: 100 }", StringComparison.Ordinal)
            .Replace("denominator: { measurement: service_index_inputs, field: records_received }", "scale: 100", StringComparison.Ordinal)
            .Replace("scale: 100\n          scale: 100", "scale: 100", StringComparison.Ordinal);

        var ex = Assert.Throws<DefinitionException>(() => ServiceIndexTableLoader.Parse(yaml, "indices/small.yaml"));

        Assert.Contains("indices/small.yaml: groups[1].indicators[0].basis: 'guess' must be 'decision-766-annex' or 'estimate'", ex.Problems);
        Assert.Contains(ex.Problems, p => p.StartsWith("indices/small.yaml: groups[0].indicators[0].scoring: ", StringComparison.Ordinal));
        Assert.Contains("indices/small.yaml: groups[0].indicators[0].measure.denominator: a ratio needs a denominator", ex.Problems);
    }

    [Fact]
    public void Parse_RefusesUnknownFields_NamingThem()
    {
        var yaml = Valid.Replace("totalPoints: 30", "totalPoints: 30\nweights: 3", StringComparison.Ordinal);

        var ex = Assert.Throws<DefinitionException>(() => ServiceIndexTableLoader.Parse(yaml, "indices/small.yaml"));

        Assert.Contains("weights", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_RefusesTheSameIdTwice()
    {
        using var folder = new TempFolder("indices");
        folder.Write("a.yaml", Valid);
        folder.Write("b.yaml", Valid);

        var ex = Assert.Throws<DefinitionException>(() => ServiceIndexTableLoader.LoadDirectory(folder.Path));

        Assert.Equal($"{Path.Combine("indices", "b.yaml")}: id: 'small' is already used by {Path.Combine("indices", "a.yaml")}", Assert.Single(ex.Problems));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Ioc.sln above {AppContext.BaseDirectory}");
    }
}
