using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A duty officer must know which wall screen is dead: kiosk pages heartbeat over the hub, go silent when they
/// stop, and reload when told to, one or all.
/// </summary>
public sealed class ScreensTests : IAsyncLifetime
{
    private string _dashboards = null!;
    private IocServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-screens-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "screen-check.json"), """
            {
              "apiVersion": "ioc/v1", "id": "screen-check", "title": "Kiểm tra màn hình",
              "panels": [
                { "id": "probe", "type": "stat", "title": "Hồ sơ trực tuyến", "width": 3,
                  "series": [ { "measurement": "screen_probe", "field": "value", "label": "Hồ sơ" } ] }
              ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:DashboardsPath"] = _dashboards,
            ["Ioc:Screens:HeartbeatInterval"] = "00:00:01",
            ["Ioc:Screens:SilentAfter"] = "00:00:03",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task Screen_ReportsWhatItShows_AndIsFlaggedSilent_WithinTheBound_OnceItsPageIsGone()
    {
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "Màn hình phòng trực");
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "screen-check");

        var screen = await WaitForScreensAsync(s => s.Count == 1 && s[0].GetProperty("state").GetString() == "ok" && s[0].GetProperty("lastUpdateAt").ValueKind == JsonValueKind.String);
        var listed = screen[0];
        Assert.Equal("Màn hình phòng trực", listed.GetProperty("tokenName").GetString());
        Assert.Equal("screen-check", listed.GetProperty("dashboardId").GetString());
        Assert.Equal("1920×1080@1", listed.GetProperty("viewport").GetString());
        Assert.True(listed.GetProperty("heapUsedBytes").GetInt64() > 0);
        Assert.True(listed.GetProperty("connected").GetBoolean());
        Assert.False(listed.GetProperty("outdated").GetBoolean());
        Assert.Equal(await page.EvaluateAsync<string>("localStorage.getItem('ioc.screen-id')"), listed.GetProperty("id").GetString());

        var html = WebUtility.HtmlDecode(await _server.Http.GetStringAsync("/admin/screens"));
        Assert.Contains(listed.GetProperty("id").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("Màn hình phòng trực", html, StringComparison.Ordinal);

        // Closing the page is what a dead browser, a power cut or a pulled cable looks like to the server.
        await context.CloseAsync();
        var watch = Stopwatch.StartNew();
        await WaitForScreensAsync(s => s.Count == 1 && s[0].GetProperty("state").GetString() == "silent", TimeSpan.FromSeconds(10));
        // Silent after 3 s without a heartbeat; the last one came at most one interval (1 s) before the close.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"flagged silent after {watch.Elapsed.TotalSeconds:0.0} s");
        var counts = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/screens")).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("silent").GetInt32());
        Assert.Equal(0, counts.GetProperty("ok").GetInt32());
    }

    [Fact]
    public async Task Reload_ReachesTheOneScreenNamed_AndReloadAll_ReachesEveryScreen()
    {
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "Tường màn hình");
        var pages = new List<IPage>();
        for (var i = 0; i < 3; i++)
        {
            // A context each: a screen is one browser with its own local storage.
            var context = await _browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "screen-check");
            pages.Add(page);
        }

        var ids = new List<string>();
        foreach (var page in pages)
        {
            ids.Add(await ScreenIdAsync(page));
        }

        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f-]{36}$", id));
        await WaitForScreensAsync(s => s.Count(x => ids.Contains(x.GetProperty("id").GetString()!) && x.GetProperty("connected").GetBoolean()) == 3);
        await MarkAsync(pages);

        Assert.Equal(HttpStatusCode.Accepted, (await _server.Http.PostAsync($"/api/v1/admin/screens/{ids[1]}/reload", null)).StatusCode);
        await WaitReloadedAsync(pages[1]);
        await Task.Delay(1500);
        Assert.True(await MarkedAsync(pages[0]));
        Assert.True(await MarkedAsync(pages[2]));

        await MarkAsync(pages);
        Assert.Equal(HttpStatusCode.Accepted, (await _server.Http.PostAsync("/api/v1/admin/screens/reload", null)).StatusCode);
        foreach (var page in pages)
        {
            await WaitReloadedAsync(page);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.PostAsync("/api/v1/admin/screens/no-such-screen/reload", null)).StatusCode);
        var audit = await _server.Http.GetStringAsync("/api/v1/admin/audit");
        Assert.Contains("screen.reload", audit, StringComparison.Ordinal);
    }

    /// <summary>The id the page keeps, once its script has made one.</summary>
    private static async Task<string> ScreenIdAsync(IPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await page.EvaluateAsync<string?>("localStorage.getItem('ioc.screen-id')") is { } id)
            {
                return id;
            }

            Assert.True(DateTime.UtcNow < deadline, "the page kept no screen id");
            await Task.Delay(100);
        }
    }

    private static async Task MarkAsync(IEnumerable<IPage> pages)
    {
        foreach (var page in pages)
        {
            await page.EvaluateAsync("window.__beforeReload = true");
        }
    }

    private static Task<bool> MarkedAsync(IPage page) => page.EvaluateAsync<bool>("window.__beforeReload === true");

    /// <summary>A reloaded page has lost the mark and is back on its dashboard, live.</summary>
    private static async Task WaitReloadedAsync(IPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                if (!await MarkedAsync(page) && await page.EvaluateAsync<string?>("document.body.dataset.ready") == "true")
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // the page is navigating
            }

            Assert.True(DateTime.UtcNow < deadline, $"{page.Url} did not reload within 15 s");
            await Task.Delay(100);
        }
    }

    private async Task<List<JsonElement>> WaitForScreensAsync(Func<List<JsonElement>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        List<JsonElement> screens;
        do
        {
            var body = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/screens");
            screens = [.. body.GetProperty("screens").EnumerateArray()];
            if (done(screens))
            {
                return screens;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"screens never matched; last: {JsonSerializer.Serialize(screens)}");
    }
}
