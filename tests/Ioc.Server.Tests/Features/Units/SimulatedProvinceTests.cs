using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Units;
using Ioc.Server.Features.Units;
using Ioc.Server.Tests.Browser;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Features.Units;

/// <summary>The shipped units files and the simulator's collectors agree: the province's communes are ranked from what was collected.</summary>
public sealed class SimulatedProvinceTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Scheduling:Enabled"] = "true", ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ranking_OfHaTinhsCommunes_HasAValueForEveryCurrentCommune_FromTheCollectedRecords()
    {
        var catalog = _server.Get<UnitCatalog>();
        var today = catalog.Today();
        var province = catalog.Province(today)!;
        var communes = catalog.Registry.Children(province.Code, today).Where(u => u.Level == UnitLevel.Commune).Select(u => u.Code).ToList();
        Assert.Equal("Tỉnh Hà Tĩnh", province.Name);
        Assert.NotEmpty(communes);
        var measure = new
        {
            numerator = new { measurement = "dvc_records", field = "received_online_ytd" },
            denominator = new { measurement = "dvc_records", field = "received_ytd" },
            scale = 100,
        };

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement rows;
        do
        {
            await Task.Delay(500);
            var answer = await _server.Http.PostAsJsonAsync("/api/v1/query/units", new { measure, level = "commune", parent = province.Code });
            rows = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units");
        }
        while (rows.EnumerateArray().Any(r => r.GetProperty("value").ValueKind == JsonValueKind.Null) && DateTime.UtcNow < deadline);

        Assert.Equal(communes.Order(StringComparer.Ordinal), rows.EnumerateArray().Select(r => r.GetProperty("code").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(rows.EnumerateArray(), r => Assert.InRange(r.GetProperty("value").GetDouble(), 0, 100));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("name").GetString() == catalog.Registry.Find(communes[0])!.Name);
    }

    [Fact]
    public async Task LeadersRankingDashboard_RanksEveryCommune_AndOpensOne()
    {
        var catalog = _server.Get<UnitCatalog>();
        var today = catalog.Today();
        var province = catalog.Province(today)!;
        var communes = catalog.Registry.Children(province.Code, today).Count(u => u.Level == UnitLevel.Commune);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Session.AdminPassword);
        await page.ClickAsync("button[type='submit']");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        await page.GotoAsync($"{_server.BaseUrl}/d/xep-hang-xa");
        var ranked = page.Locator("section[data-panel-id='xep-hang-truc-tuyen'] .ranking-row[data-value]");
        await Assertions.Expect(ranked).ToHaveCountAsync(communes, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("section[data-panel-id='xep-hang-truc-tuyen']")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "xep-hang-xa.png") });

        var first = await ranked.First.GetAttributeAsync("data-unit");
        await ranked.First.ClickAsync();
        await page.WaitForURLAsync($"{_server.BaseUrl}/d/xep-hang-xa?unit={first}");
        await Assertions.Expect(page.Locator(".unit-trail [aria-current]")).ToHaveTextAsync(catalog.Registry.Find(first)!.Name);
        await Assertions.Expect(page.Locator("section[data-panel-id='ho-so-tiep-nhan-nam'] .stat-caption")).ToHaveTextAsync(catalog.Registry.Find(first)!.Name, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "xep-hang-xa-commune.png") });
    }
}
