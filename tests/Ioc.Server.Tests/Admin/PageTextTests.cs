using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ioc.Core.Collecting;
using Ioc.Core.Plans;
using Ioc.Server.Access;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Admin;

/// <summary>
/// Sign-in and admin pages speak Vietnamese first and English second, from a <c>Page.resx</c> and a
/// <c>Page.en.resx</c> beside each page: a text missing from either would show its bare key to someone.
/// </summary>
public sealed partial class PageTextTests
{
    private static readonly string ServerDir = Path.Combine(IocServer.RepoRoot, "src", "Ioc.Server");

    private static readonly string PagesDir = Path.Combine(ServerDir, "Admin");

    /// <summary>Keys a page builds from an enum's names.</summary>
    private static readonly Dictionary<string, string[]> BuiltKeys = new()
    {
        ["CollectorsPage"] = [.. Refusals()],
        ["CollectorDetailPage"] = [.. Refusals(), .. Names<CollectorRunOutcome>("Outcome")],
        ["CollectorEditPage"] = [.. Names<SaveStatus>("Save").Where(k => k != "SaveSaved")],
        ["CollectorState"] = [.. Names<SourceState>(""), "Paused"],
        ["RunSummary"] = [.. Names<CollectorRunOutcome>("")],
        ["ManualEntriesPage"] = [.. Names<PeriodGranularity>("Granularity."), .. Names<ManualEntryProblemCode>("Problem.")],
        ["PlanPage"] = [.. Names<TargetStatus>("Status_"), .. Names<PlanTaskStatus>("Task_")],
        ["PlansPage"] = [.. Names<TargetStatus>("Status_")],
        ["ChangePassword"] = [.. Names<PasswordChangeCode>("Problem")],
    };

    public static TheoryData<string> Pages => [.. Directory.GetFiles(PagesDir, "*.razor", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(PagesDir, p))];

    public static TheoryData<string> Resources => [.. Directory.GetFiles(ServerDir, "*.resx", SearchOption.AllDirectories)
        .Where(p => !IsEnglish(p) && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => Path.GetRelativePath(ServerDir, p))];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryTextAPageAsksFor_IsInItsVietnameseAndEnglishResources(string page)
    {
        var razor = File.ReadAllText(Path.Combine(PagesDir, page));
        var name = Path.GetFileNameWithoutExtension(page);
        if (!razor.Contains("IStringLocalizer", StringComparison.Ordinal))
        {
            // A component that shows only what it is given has no text of its own.
            Assert.Empty(LiteralKey().Matches(razor));
            return;
        }

        var asked = LiteralKey().Matches(razor).Select(m => m.Groups["key"].Value).Concat(BuiltKeys.GetValueOrDefault(name) ?? []).Distinct().ToList();
        Assert.NotEmpty(asked);
        foreach (var resx in new[] { ".resx", ".en.resx" }.Select(ext => Path.Combine(PagesDir, Path.ChangeExtension(page, null) + ext)))
        {
            Assert.True(File.Exists(resx), $"{page} has no {Path.GetFileName(resx)} beside it");
            var known = Keys(resx).ToHashSet(StringComparer.Ordinal);
            var missing = asked.Where(k => !known.Contains(k)).ToList();
            Assert.True(missing.Count == 0, $"{Path.GetFileName(resx)} lacks {string.Join(", ", missing)}");
        }
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void EveryVietnameseResourceFile_HasAnEnglishOne_WithTheSameKeys_AndNoEmptyText(string resource)
    {
        var vietnamese = Path.Combine(ServerDir, resource);
        var english = Path.ChangeExtension(vietnamese, ".en.resx");

        Assert.True(File.Exists(english), $"{resource} has no {Path.GetFileName(english)} beside it");
        var vi = Entries(vietnamese);
        var en = Entries(english);
        Assert.Equal(vi.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.All(vi.Concat(en), e => Assert.False(string.IsNullOrWhiteSpace(e.Value), $"{e.Key} has no text"));
        // The same placeholders in both languages, or a sentence would drop or invent a value.
        Assert.All(vi, e => Assert.Equal(Placeholders(e.Value), Placeholders(en[e.Key])));
    }

    /// <summary>Text typed straight into a page reads in one language only; pages take theirs from the resources.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public void NoPage_HasVietnameseTextOfItsOwn(string page)
    {
        var razor = File.ReadAllText(Path.Combine(PagesDir, page));
        // Comments explain; an element marked lang="vi" names Vietnamese in Vietnamese on purpose (the language switch).
        var shown = RazorComment().Replace(CodeComment().Replace(VietnameseByName().Replace(razor, ""), ""), "");

        var vietnamese = shown.Split('\n').Where(line => VietnameseLetter().IsMatch(line)).Select(l => l.Trim()).ToList();

        Assert.True(vietnamese.Count == 0, $"{page} has text of its own: {string.Join(" | ", vietnamese)}");
    }

    private static bool IsEnglish(string path) => path.EndsWith(".en.resx", StringComparison.Ordinal);

    private static IEnumerable<string> Keys(string resx) => XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);

    private static Dictionary<string, string> Entries(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>An action done says what was done in its own words; every other status has a sentence of its own.</summary>
    private static IEnumerable<string> Refusals() => Names<ActionStatus>("Action").Where(k => k != "ActionDone");

    private static IEnumerable<string> Names<TEnum>(string prefix)
        where TEnum : struct, Enum => Enum.GetNames<TEnum>().Select(n => prefix + n);

    [GeneratedRegex("""L\["(?<key>[A-Za-z_.]+)"[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex CodeComment();

    [GeneratedRegex("""lang="vi"[^>]*>[^<]*""")]
    private static partial Regex VietnameseByName();

    /// <summary>Letters only Vietnamese uses among the pages' languages: đ, ơ, ư and the tone-marked vowels.</summary>
    [GeneratedRegex("[đĐơƠưƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúý]", RegexOptions.IgnoreCase)]
    private static partial Regex VietnameseLetter();
}
