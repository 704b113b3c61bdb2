using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Ioc.Core.Dashboards;

namespace Ioc.Server.Features.Dashboards;

/// <summary>
/// The HTML shell of a wall page: header, one section per panel, and the scripts that paint them
/// (wwwroot/js/dashboard.js). No inline script, style or event handler, so the page runs under a strict CSP;
/// grid spans travel as data attributes that wall.css and the script turn into layout.
/// </summary>
internal static class DashboardPage
{
    /// <param name="signOut">The signed-in person and an antiforgery token for the sign-out form; null on a wall screen signed in by a display token.</param>
    /// <param name="trail">The unit the page shows and its parents, the province first; null on a dashboard that does not follow units.</param>
    /// <param name="playlist">On a playlist's page (<c>/p/{id}</c>): the playlist, whose first dashboard this is; the script shows the others in turn.</param>
    /// <param name="modules">The page's modules (<see cref="PageModules"/>), preloaded from the head.</param>
    public static string Render(DashboardDefinition dashboard, string pathBase, (string User, string FieldName, string Token)? signOut = null, IReadOnlyList<(string Code, string Name)>? trail = null, PlaylistView? playlist = null, IReadOnlyList<string>? modules = null)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var html = PageShell.Html;
        var root = PageShell.Root(pathBase);
        var vietnamese = dashboard.Locale.StartsWith("vi", StringComparison.OrdinalIgnoreCase);

        var sb = new StringBuilder(4096);
        PageShell.Head(sb, dashboard.Locale, $"{dashboard.Title} · IOC", root, withCharts: true, modules ?? []);
        sb.Append("<body class=\"wall\" data-connection=\"connecting\">\n");
        sb.Append("<header class=\"wall-header\">\n");
        sb.Append("  <div class=\"wall-brand\">\n");
        sb.Append("    <span class=\"wall-mark\" aria-hidden=\"true\">IOC</span>\n");
        sb.Append("    <div class=\"wall-heading\">\n");
        sb.Append("      <h1 class=\"wall-title\">").Append(html.Encode(dashboard.Title)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(dashboard.Description))
        {
            sb.Append("      <p class=\"wall-description\">").Append(html.Encode(dashboard.Description)).Append("</p>\n");
        }

        if (trail is { Count: > 0 })
        {
            AppendTrail(sb, trail, $"{root}/d/{Uri.EscapeDataString(dashboard.Id)}", html);
        }

        sb.Append("    </div>\n  </div>\n");
        sb.Append("  <div class=\"wall-status\">\n");
        if (playlist is not null)
        {
            sb.Append("    <span id=\"playlist-position\" class=\"playlist-position\" title=\"").Append(html.Encode(playlist.Title)).Append("\">1/")
                .Append(playlist.Stops.Count.ToString(CultureInfo.InvariantCulture)).Append("</span>\n");
        }

        sb.Append("    <span id=\"connection\" class=\"connection\" data-state=\"connecting\" role=\"status\">")
            .Append(vietnamese ? "Đang kết nối…" : "Connecting…").Append("</span>\n");
        sb.Append("    <div class=\"clock\"><time id=\"clock-time\" class=\"clock-time\">--:--:--</time>")
            .Append("<span id=\"clock-date\" class=\"clock-date\"></span></div>\n");
        if (signOut is { } person)
        {
            sb.Append("    <form class=\"wall-account\" method=\"post\" action=\"").Append(html.Encode(root)).Append("/logout\">")
                .Append("<input type=\"hidden\" name=\"").Append(html.Encode(person.FieldName)).Append("\" value=\"").Append(html.Encode(person.Token)).Append("\">")
                .Append("<a href=\"").Append(html.Encode(root)).Append("/d\">").Append(html.Encode(person.User)).Append("</a>")
                .Append("<button type=\"submit\">").Append(vietnamese ? "Đăng xuất" : "Sign out").Append("</button></form>\n");
        }

        sb.Append("  </div>\n</header>\n");
        sb.Append("<div id=\"offline-banner\" class=\"offline-banner\" role=\"alert\" hidden></div>\n");

        sb.Append("<main id=\"dashboard\" class=\"wall-grid\"")
            .Append(" data-dashboard-id=\"").Append(html.Encode(dashboard.Id)).Append('"')
            .Append(" data-path-base=\"").Append(html.Encode(root)).Append('"')
            .Append(" data-locale=\"").Append(html.Encode(dashboard.Locale)).Append('"')
            .Append(" data-audience=\"").Append(html.Encode(dashboard.Audience)).Append('"')
            .Append(" data-time-zone=\"").Append(html.Encode(dashboard.TimeZone)).Append('"')
            // An unattended wall screen: numbers open nothing there (wwwroot/js/provenance.js).
            .Append(signOut is null ? " data-kiosk=\"true\"" : "")
            .Append(trail is { Count: > 0 } ? $" data-unit=\"{html.Encode(trail[^1].Code)}\" data-unit-root=\"{html.Encode(trail[0].Code)}\"" : "")
            .Append(playlist is null ? "" : $" data-playlist-id=\"{html.Encode(playlist.Id)}\" data-playlist=\"{html.Encode(JsonSerializer.Serialize(playlist.Stops, StopsJson))}\"")
            .Append(" data-columns=\"").Append(dashboard.Columns.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
        foreach (var panel in dashboard.Panels)
        {
            AppendPanel(sb, panel, html);
        }

        sb.Append("</main>\n");
        sb.Append("<noscript><p class=\"noscript\">")
            .Append(vietnamese ? "Màn hình này cần JavaScript để hiển thị số liệu." : "This screen needs JavaScript to show figures.")
            .Append("</p></noscript>\n");
        // Starts the page's first reads while the chart library below is still loading (js/first-read.js).
        sb.Append("<script type=\"module\" async src=\"").Append(html.Encode(root)).Append("/js/first-read.js\"></script>\n");
        sb.Append("<script src=\"").Append(html.Encode(root)).Append("/lib/apexcharts/apexcharts.min.js\"></script>\n");
        sb.Append("<script src=\"").Append(html.Encode(root)).Append("/lib/signalr/signalr.min.js\"></script>\n");
        sb.Append("<script type=\"module\" src=\"").Append(html.Encode(root)).Append("/js/dashboard.js\"></script>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions StopsJson = new(JsonSerializerDefaults.Web);

    /// <summary>Tỉnh Hà Tĩnh › Phường Thành Sen: each parent links to its own view, the province to the page without <c>?unit=</c>.</summary>
    private static void AppendTrail(StringBuilder sb, IReadOnlyList<(string Code, string Name)> trail, string page, HtmlEncoder html)
    {
        sb.Append("      <nav class=\"unit-trail\" aria-label=\"Đơn vị hành chính\"><ol>");
        for (var i = 0; i < trail.Count; i++)
        {
            var (code, name) = trail[i];
            sb.Append("<li>");
            if (i == trail.Count - 1)
            {
                sb.Append("<span aria-current=\"page\" data-unit=\"").Append(html.Encode(code)).Append("\">").Append(html.Encode(name)).Append("</span>");
            }
            else
            {
                var href = i == 0 ? page : $"{page}?unit={Uri.EscapeDataString(code)}";
                sb.Append("<a href=\"").Append(html.Encode(href)).Append("\" data-unit=\"").Append(html.Encode(code)).Append("\">").Append(html.Encode(name)).Append("</a>");
            }

            sb.Append("</li>");
        }

        sb.Append("</ol></nav>\n");
    }

    private static void AppendPanel(StringBuilder sb, PanelDefinition panel, HtmlEncoder html)
    {
        var titleId = "panel-title-" + panel.Id;
        sb.Append("  <section class=\"panel\"")
            .Append(" data-panel-id=\"").Append(html.Encode(panel.Id)).Append('"')
            .Append(" data-panel-type=\"").Append(html.Encode(panel.Type)).Append('"')
            .Append(" data-width=\"").Append(panel.Width.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" data-height=\"").Append(panel.Height.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" data-state=\"offline\"")
            .Append(" aria-labelledby=\"").Append(html.Encode(titleId)).Append("\">\n");
        sb.Append("    <header class=\"panel-header\">")
            .Append("<h2 class=\"panel-title\" id=\"").Append(html.Encode(titleId)).Append("\">").Append(html.Encode(panel.Title)).Append("</h2>")
            .Append("<span class=\"panel-more\" data-role=\"more\" hidden></span>")
            .Append("<span class=\"panel-updated\" data-role=\"updated\"></span></header>\n");
        sb.Append("    <div class=\"panel-body\" data-role=\"body\"><span class=\"panel-placeholder\">–</span></div>\n");
        // Filled and shown by freshness marking whenever the panel is not live.
        sb.Append("    <p class=\"panel-status\" data-role=\"status\" role=\"status\" hidden></p>\n");
        sb.Append("  </section>\n");
    }
}

/// <summary>A playlist as its page carries it: each stop's dashboard, title, dwell and the unit it shows.</summary>
internal sealed record PlaylistView(string Id, string Title, IReadOnlyList<PlaylistStop> Stops);

/// <param name="Unit">The unit a dashboard that follows units shows; null for one that does not.</param>
internal sealed record PlaylistStop(string Dashboard, string Title, double DwellMs, string? Unit);

/// <summary>The <c>/d</c> page: every dashboard with a link to its wall page.</summary>
internal static class DashboardIndexPage
{
    public static string Render(IEnumerable<DashboardDefinition> dashboards, string pathBase = "")
    {
        ArgumentNullException.ThrowIfNull(dashboards);
        var html = PageShell.Html;
        var root = PageShell.Root(pathBase);
        var sb = new StringBuilder(2048);
        PageShell.Head(sb, "vi-VN", "Bảng điều hành · IOC", root, withCharts: false);
        sb.Append("<body class=\"index\">\n<main class=\"index-main\">\n");
        sb.Append("<h1 class=\"index-title\">Bảng điều hành <span lang=\"en\">/ Dashboards</span></h1>\n");
        sb.Append("<ul class=\"index-list\">\n");
        foreach (var d in dashboards)
        {
            sb.Append("  <li class=\"index-item\"><a class=\"index-link\" href=\"")
                .Append(html.Encode($"{root}/d/{Uri.EscapeDataString(d.Id)}")).Append("\">")
                .Append("<span class=\"index-name\">").Append(html.Encode(d.Title)).Append("</span>");
            if (!string.IsNullOrWhiteSpace(d.Description))
            {
                sb.Append("<span class=\"index-description\">").Append(html.Encode(d.Description)).Append("</span>");
            }

            sb.Append("<span class=\"index-id\">").Append(html.Encode(d.Id)).Append("</span></a></li>\n");
        }

        sb.Append("</ul>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }
}

internal static class PageShell
{
    /// <summary>Escapes what HTML needs escaped and leaves Vietnamese letters as they are.</summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The app's path base without a trailing slash ("" at the site root), for absolute links.</summary>
    public static string Root(string? pathBase) => (pathBase ?? "").TrimEnd('/');

    public static void Head(StringBuilder sb, string locale, string title, string root, bool withCharts, IReadOnlyList<string>? modules = null)
    {
        var html = PageShell.Html;
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(html.Encode(locale)).Append("\">\n<head>\n");
        sb.Append("<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta name=\"color-scheme\" content=\"dark\">\n");
        sb.Append("<title>").Append(html.Encode(title)).Append("</title>\n");
        sb.Append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").Append(html.Encode(root)).Append("/favicon.svg\">\n");
        if (withCharts)
        {
            // The id tells ApexCharts its styles are present, so it injects no <style> element (CSP).
            sb.Append("<link rel=\"stylesheet\" id=\"apexcharts-css\" href=\"").Append(html.Encode(root)).Append("/lib/apexcharts/apexcharts.css\">\n");
        }

        sb.Append("<link rel=\"stylesheet\" href=\"").Append(html.Encode(root)).Append("/css/wall.css\">\n");
        foreach (var module in modules ?? [])
        {
            sb.Append("<link rel=\"modulepreload\" href=\"").Append(html.Encode(root)).Append('/').Append(html.Encode(module)).Append("\">\n");
        }

        sb.Append("</head>\n");
    }
}
