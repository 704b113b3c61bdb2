using System.Globalization;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A tile greyed because its source was late turns current within seconds of that source's next points, not at
/// the wall's next periodic read of the sources (every 15 s). The VNeID collector runs every 30 s here with a
/// freshness of 10 s, so it is late for 20 s of every cycle.
/// </summary>
public sealed class WallSourceRecoveryTests : IAsyncLifetime
{
    private string _collectors = null!;
    private IocServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _collectors = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(IocServer.RepoRoot, "collectors"), "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            if (Path.GetFileName(file) == "vneid-registrations.yaml")
            {
                Assert.Contains("\nfreshness: 45s", text, StringComparison.Ordinal);
                text = text.Replace("\nfreshness: 45s", "\nfreshness: 10s", StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(_collectors, Path.GetFileName(file)), text);
        }

        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task ALateSourceThatDelivers_IsShownCurrentWithinSecondsOfItsPoints()
    {
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
}
