using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A tile follows the source behind it: pausing the collector that writes a panel's measurement greys that
/// panel on the wall, with the reason and the source's name, while its last value is still well within
/// staleAfter, and the panels other collectors feed stay live. A tile greyed because its source was late turns
/// current within seconds of that source's next points, not at the wall's next periodic read of the sources.
/// </summary>
public sealed class WallSourcesTests : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string? _collectors;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (_collectors is not null)
        {
            Directory.Delete(_collectors, recursive: true);
        }
    }

    [Fact]
    public async Task PausingTheCollectorBehindAPanel_GreysThatPanelWithTheReason_WhileOthersStayLive()
    {
        await using var server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Scheduling:Enabled"] = "true" });
        _server = server;
        // The scheduled runs teach the server which collector writes which measurement.
        await WaitForSourceAsync("payments-today", "collector:payments-online");
        await WaitForSourceAsync("records-today", "collector:portal-records");

        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("operations-wall");
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "operations-wall");
        var payments = page.Locator("[data-panel-id='payments-today']");
        var amount = page.Locator("[data-panel-id='payments-amount-today']");
        var records = page.Locator("[data-panel-id='records-today']");
        await Assertions.Expect(payments).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        await Assertions.Expect(records).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });

        var paused = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/collectors/payments-online/disable", null)).StatusCode);

        await Assertions.Expect(payments).ToHaveAttributeAsync("data-source-state", "disabled", new() { Timeout = 20_000 });
        var greyedAfter = DateTime.UtcNow - paused;
        await Assertions.Expect(payments).ToHaveAttributeAsync("data-state", "stale");
        await Assertions.Expect(payments.Locator(".panel-status")).ToContainTextAsync("Nguồn tạm dừng");
        await Assertions.Expect(payments.Locator(".panel-status")).ToContainTextAsync("Thanh toán trực tuyến phí, lệ phí");
        await Assertions.Expect(payments.Locator(".panel-status")).ToContainTextAsync("thành công lần cuối lúc");
        await Assertions.Expect(amount).ToHaveAttributeAsync("data-source-state", "disabled", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#source-alerts")).ToHaveTextAsync("2 ô: nguồn không cập nhật", new() { Timeout = 5_000 });

        // Its last value is seconds old, far within the panel's staleAfter of 1m: the source alone greys it.
        var dataTime = double.Parse(await payments.GetAttributeAsync("data-data-time") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - dataTime < 60_000, $"the last value is {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - dataTime} ms old");
        await Assertions.Expect(records).ToHaveAttributeAsync("data-state", "live");
        Assert.True(greyedAfter < TimeSpan.FromSeconds(20), $"greyed after {greyedAfter.TotalSeconds:0.0} s");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "operations-wall-source-paused.png") });

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/collectors/payments-online/enable", null)).StatusCode);
        await Assertions.Expect(payments).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(amount).Not.ToHaveAttributeAsync("data-source-state", "disabled", new() { Timeout = 30_000 });

        // The count then names only the tiles still greyed by a source: not these two (on a slow machine another
        // collector may be late meanwhile, and is counted as it should be).
        var counted = await page.EvaluateAsync<int[]>("""
            () => {
              const alerts = document.getElementById('source-alerts');
              const greyed = [...document.querySelectorAll('[data-panel-id]')].filter(p => p.dataset.sourceState && p.dataset.sourceState !== 'fresh');
              return [alerts.hidden ? 0 : Number(alerts.dataset.count), greyed.length, greyed.filter(p => p.dataset.panelId.startsWith('payments')).length];
            }
            """);
        Assert.Equal(counted[1], counted[0]);
        Assert.Equal(0, counted[2]);
    }

    [Fact]
    public async Task ALateSourceThatDelivers_IsShownCurrentWithinSecondsOfItsPoints()
    {
        // The VNeID collector runs every 30 s; with a freshness of 10 s it is late for 20 s of every cycle.
        _collectors = await IocServer.CopyCollectorsAsync((name, text) =>
        {
            if (name != "vneid-registrations.yaml")
            {
                return text;
            }

            Assert.Contains("\nfreshness: 45s", text, StringComparison.Ordinal);
            return text.Replace("\nfreshness: 45s", "\nfreshness: 10s", StringComparison.Ordinal);
        });
        await using var server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors, ["Ioc:Scheduling:Enabled"] = "true" });
        _server = server;
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("operations-wall");
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "operations-wall");
        var tile = page.Locator("[data-panel-id='vneid-level2']");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-source-state", "late", new() { Timeout = 60_000 });
        await Assertions.Expect(tile.Locator(".panel-status")).ToContainTextAsync("Nguồn trễ");

        // Note when the mark goes, and the time of the newest value the tile then shows (its slot).
        await page.EvaluateAsync("""
            (el) => {
              window.iocCleared = null;
              new MutationObserver(() => {
                if (!el.dataset.sourceState && window.iocCleared === null) {
                  window.iocCleared = [Date.now(), Number(el.dataset.dataTime)];
                }
              }).observe(el, { attributes: true, attributeFilter: ['data-source-state'] });
            }
            """, await tile.ElementHandleAsync());
        await Assertions.Expect(tile).Not.ToHaveAttributeAsync("data-source-state", "late", new() { Timeout = 45_000 });
        var cleared = await page.EvaluateAsync<double[]>("() => window.iocCleared");
        var afterSlot = cleared[0] - cleared[1];
        Assert.True(afterSlot is >= 0 and < 5_000, string.Create(CultureInfo.InvariantCulture, $"the late mark went {afterSlot} ms after the slot that delivered"));
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 5_000 });
    }

    // The server of the test running: each starts its own, with the collectors it needs.
    private IocServer _server = null!;

    private async Task WaitForSourceAsync(string panel, string source)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var panels = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/operations-wall/sources")).GetProperty("panels");
            if (panels.GetProperty(panel).EnumerateArray().Any(s => s.GetProperty("source").GetString() == source && s.GetProperty("state").GetString() == "fresh"))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"panel {panel}: {source} not fresh within 30 s: {panels.GetProperty(panel).GetRawText()}");
            await Task.Delay(500);
        }
    }
}
