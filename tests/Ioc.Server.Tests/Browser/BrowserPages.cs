using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>Opening a kiosk URL as a wall screen does, and waiting for a page to arrive somewhere; failures say what the page saw.</summary>
internal static class BrowserPages
{
    public static async Task OpenKioskAsync(IPage page, string baseUrl, string token, string dashboardId)
    {
        var seen = new List<string>();
        page.Console += (_, m) => seen.Add($"console {m.Type}: {m.Text}");
        page.Response += (_, r) => seen.Add($"{r.Request.Method} {new Uri(r.Url).AbsolutePath} → {r.Status}");
        page.PageError += (_, e) => seen.Add("error: " + e);
        await page.GotoAsync($"{baseUrl}/kiosk#{token}");

        await WaitForPathAsync(page, $"/d/{dashboardId}", () => $"the kiosk did not open /d/{dashboardId}; the page saw:\n{string.Join('\n', seen)}");
    }

    /// <summary>Waits until a person who signed in lands on a leaders' dashboard (where leaders and admins land).</summary>
    public static async Task WaitForLeadersLandingAsync(IPage page, Ioc.Server.Tests.Hosting.IocServer server)
    {
        var catalog = server.Get<Ioc.Server.Features.Dashboards.DashboardCatalog>();
        bool Landed() => new Uri(page.Url).AbsolutePath is var path && path.StartsWith("/d/", StringComparison.Ordinal)
            && catalog.Find(path[3..])?.Audience == Ioc.Core.Dashboards.DashboardDefinition.LeadersAudience;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Landed())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still at {page.Url}, waiting to land on a leaders' dashboard");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Polls the page's address rather than awaiting a navigation: a page may move on (a script's redirect, a
    /// click's answer) before a navigation waiter is in place, and such a waiter then waits forever.
    /// </summary>
    public static async Task WaitForPathAsync(IPage page, string path, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new Uri(page.Url).AbsolutePath != path)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still at {page.Url}, waiting for {path}. {explain?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>What a timeseries panel's chart draws for its first series, in time order (none while the chart library is still loading).</summary>
    public static async Task<double[]> ChartValuesAsync(IPage page, string panelId) =>
        await page.EvaluateAsync<double[]>($"(window.ApexCharts?.getChartByID('panel-{panelId}')?.w.config.series[0]?.data ?? []).map(p => p[1])");

    public static async Task WaitForChartValuesAsync(IPage page, string panelId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        double[] values;
        while ((values = await ChartValuesAsync(page, panelId)).Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the chart holds {values.Length} points, not {count}: {string.Join(", ", values)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the wall's connection state (live, offline, …) as the page shows it.</summary>
    public static async Task WaitConnectionAsync(IPage page, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string? now;
        while ((now = await page.EvaluateAsync<string?>("document.body.dataset.connection")) != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the screen is '{now}', not '{state}'");
            await Task.Delay(100);
        }
    }
}
