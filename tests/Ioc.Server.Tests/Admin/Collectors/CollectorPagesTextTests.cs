using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ioc.Core.Collecting;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Admin.Collectors;

/// <summary>A text missing from a page's Vietnamese resources would show its bare key; every key a page asks for must be there.</summary>
public sealed partial class CollectorPagesTextTests
{
    private static readonly string PagesDir = Path.Combine(IocServer.RepoRoot, "src", "Ioc.Server", "Admin", "Collectors");

    /// <summary>Keys a page builds from an enum's names.</summary>
    private static readonly Dictionary<string, string[]> BuiltKeys = new()
    {
        ["CollectorsPage"] = [.. Refusals()],
        ["CollectorDetailPage"] = [.. Refusals(), .. Names<CollectorRunOutcome>("Outcome")],
        ["CollectorEditPage"] = [.. Names<SaveStatus>("Save").Where(k => k != "SaveSaved")],
        ["CollectorState"] = [.. Names<SourceState>(""), "Paused"],
        ["RunSummary"] = [.. Names<CollectorRunOutcome>("")],
    };

    public static TheoryData<string> Pages => [.. Directory.GetFiles(PagesDir, "*.razor").Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryTextAPageAsksFor_IsInItsVietnameseResources(string page)
    {
        var razor = File.ReadAllText(Path.Combine(PagesDir, page + ".razor"));
        if (!razor.Contains("IStringLocalizer", StringComparison.Ordinal))
        {
            // A component that shows only what it is given has no text of its own.
            Assert.Empty(LiteralKey().Matches(razor));
            return;
        }

        var resx = Path.Combine(PagesDir, page + ".resx");
        Assert.True(File.Exists(resx), $"{page}.razor has no {page}.resx beside it");
        var known = XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

        var asked = LiteralKey().Matches(razor).Select(m => m.Groups["key"].Value).Concat(BuiltKeys.GetValueOrDefault(page) ?? []).Distinct().ToList();

        var missing = asked.Where(k => !known.Contains(k)).ToList();

        Assert.NotEmpty(asked);
        Assert.True(missing.Count == 0, $"{page}.resx lacks {string.Join(", ", missing)}");
    }

    /// <summary>An action done says what was done in its own words; every other status has a sentence of its own.</summary>
    private static IEnumerable<string> Refusals() => Names<ActionStatus>("Action").Where(k => k != "ActionDone");

    private static IEnumerable<string> Names<TEnum>(string prefix)
        where TEnum : struct, Enum => Enum.GetNames<TEnum>().Select(n => prefix + n);

    [GeneratedRegex("""L\["(?<key>[A-Za-z]+)"[\],]""")]
    private static partial Regex LiteralKey();
}
