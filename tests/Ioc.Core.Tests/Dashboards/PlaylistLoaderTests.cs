using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;

namespace Ioc.Core.Tests.Dashboards;

public class PlaylistLoaderTests
{
    private const string Source = "dashboards/playlists/operations-room.json";
    private static readonly HashSet<string> Known = ["operations-wall", "digital-society", "leaders-trends"];
    private static readonly TimeSpan MinDwell = PlaylistLoader.DefaultMinDwell;

    private static string Playlist(string items = """{ "dashboard": "operations-wall", "dwell": "2m" }, { "dashboard": "digital-society" }""", string id = "operations-room") => $$"""
        {
          "apiVersion": "ioc/v1",
          "id": "{{id}}",
          "title": "Phòng điều hành",
          "items": [ {{items}} ]
        }
        """;

    private static DefinitionException Refused(string json) =>
        Assert.Throws<DefinitionException>(() => PlaylistLoader.Parse(json, Source, Known, MinDwell));

    [Fact]
    public void Parse_LoadsItemsInOrder_WithTheDefaultDwell()
    {
        var playlist = PlaylistLoader.Parse(Playlist(), Source, Known, MinDwell);

        Assert.Equal("operations-room", playlist.Id);
        Assert.Equal(Source, playlist.Source);
        Assert.Equal(["operations-wall", "digital-society"], playlist.Items.Select(i => i.Dashboard));
        Assert.Equal(TimeSpan.FromMinutes(2), playlist.Items[0].DwellTime());
        Assert.Equal(TimeSpan.FromSeconds(60), playlist.Items[1].DwellTime());
        Assert.Equal(TimeSpan.FromMinutes(3), playlist.Cycle());
    }

    [Fact]
    public void Parse_RefusesAnUnknownDashboard_NamingFileFieldAndDashboard()
    {
        var error = Refused(Playlist("""{ "dashboard": "operations-wall" }, { "dashboard": "bang-khong-co" }"""));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{Source}: items[1].dashboard: no dashboard 'bang-khong-co'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5s")]
    [InlineData("2h")]
    [InlineData("soon")]
    [InlineData("")]
    public void Parse_RefusesADwellOutOfBounds_NamingTheItem(string dwell)
    {
        var error = Refused(Playlist($$"""{ "dashboard": "operations-wall", "dwell": "{{dwell}}" }"""));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{Source}: items[0].dwell: '{dwell}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AcceptsAShorterDwell_WhenTheMinimumIsSetLower()
    {
        var playlist = PlaylistLoader.Parse(Playlist("""{ "dashboard": "operations-wall", "dwell": "3s" }"""), Source, Known, TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), playlist.Items[0].DwellTime());
    }

    [Fact]
    public void Parse_RefusesUnknownFieldsAndEmptyItems()
    {
        Assert.Contains("items: at least one dashboard is required", Refused(Playlist("")).Message, StringComparison.Ordinal);
        Assert.Contains("dwel", Refused(Playlist("""{ "dashboard": "operations-wall", "dwel": "60s" }""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAMissingApiVersionAndABadId()
    {
        var error = Refused(Playlist(id: "Phòng 1").Replace("\"apiVersion\": \"ioc/v1\",", "", StringComparison.Ordinal));

        Assert.Contains(error.Problems, p => p.StartsWith($"{Source}: apiVersion:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith($"{Source}: id: 'Phòng 1'", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectory_RefusesDuplicateIds_NamingBothFiles()
    {
        var root = Directory.CreateTempSubdirectory("ioc-playlists-").FullName;
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "dashboards", "playlists")).FullName;
            File.WriteAllText(Path.Combine(folder, "a.json"), Playlist());
            File.WriteAllText(Path.Combine(folder, "b.json"), Playlist());

            var error = Assert.Throws<DefinitionException>(() => PlaylistLoader.LoadDirectory(folder, Known, MinDwell));

            Assert.Equal("dashboards/playlists/b.json: id: 'operations-room' is already used by dashboards/playlists/a.json", Assert.Single(error.Problems));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_FindsNone_WhenTheFolderIsMissing()
    {
        Assert.Empty(PlaylistLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), "ioc-no-such-folder", "playlists"), Known, MinDwell));
    }

    [Fact]
    public void ShippedPlaylists_LoadAgainstTheShippedDashboards()
    {
        var root = FindRepoRoot();
        var dashboards = DashboardLoader.LoadDirectory(Path.Combine(root, "dashboards")).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var playlists = PlaylistLoader.LoadDirectory(Path.Combine(root, "dashboards", PlaylistLoader.Folder), dashboards, MinDwell);

        var room = Assert.Single(playlists, p => p.Id == "operations-room");
        Assert.Equal(["operations-wall", "digital-society", "leaders-trends"], room.Items.Select(i => i.Dashboard));
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
