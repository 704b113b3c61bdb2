using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Ioc.Server.Features.Reports;

/// <summary>
/// The brief as one self-contained HTML page (styles inline, sparklines as inline SVG, no script), laid out for A4:
/// the same page is mailed, downloaded and printed to PDF, so all three show the same figures.
/// </summary>
internal static class BriefHtml
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string StatusText(string status) => status switch
    {
        "met" => "Đạt",
        "on-track" => "Đúng tiến độ",
        "at-risk" => "Có nguy cơ",
        "overdue" => "Quá hạn",
        _ => "Không có dữ liệu",
    };

    public static string Render(WeeklyBrief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(brief.TimeZone);
        var asOf = TimeZoneInfo.ConvertTime(brief.AsOf, zone);
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(brief.Title)).Append("</title><style>").Append(Styles).Append("</style></head><body>");
        html.Append("<header><p class=\"kicker\">").Append(E(brief.Province)).Append("</p><h1>").Append(E(brief.Title)).Append("</h1><p class=\"period\">Tuần ")
            .Append(ISOWeek.GetWeekOfYear(brief.WeekStart.ToDateTime(TimeOnly.MinValue)).ToString(Vietnamese)).Append(": ").Append(Day(brief.WeekStart)).Append(" – ").Append(Day(brief.WeekEnd))
            .Append(" · số liệu lúc ").Append(asOf.ToString("HH:mm dd/MM/yyyy", Vietnamese)).Append("</p></header>");

        html.Append("<section><h2>Chỉ tiêu chính</h2>");
        if (brief.Kpis.Count == 0)
        {
            html.Append("<p class=\"muted\">Chưa có chỉ tiêu nào trong kế hoạch của tỉnh.</p>");
        }

        html.Append("<div class=\"cards\">");
        foreach (var kpi in brief.Kpis)
        {
            Card(html, kpi);
        }

        html.Append("</div></section>");

        html.Append("<section><h2>Tiến độ kế hoạch</h2><table><thead><tr><th>Kế hoạch</th><th class=\"n\">Chỉ tiêu đạt</th><th class=\"n\">Có nguy cơ</th><th class=\"n\">Quá hạn</th><th class=\"n\">Nhiệm vụ hoàn thành</th><th class=\"n\">Nhiệm vụ quá hạn</th></tr></thead><tbody>");
        foreach (var plan in brief.Plans)
        {
            html.Append("<tr><td>").Append(E(plan.Title)).Append("<br><span class=\"muted\">").Append(E(plan.LegalBasis)).Append("</span></td>")
                .Append("<td class=\"n\">").Append(plan.TargetsMet.ToString(Vietnamese)).Append('/').Append(plan.Targets.ToString(Vietnamese)).Append(" đạt</td>")
                .Append("<td class=\"n\">").Append(plan.TargetsAtRisk.ToString(Vietnamese)).Append("</td>")
                .Append("<td class=\"n\">").Append(plan.TargetsOverdue.ToString(Vietnamese)).Append("</td>")
                .Append("<td class=\"n\">").Append(plan.TasksDone.ToString(Vietnamese)).Append('/').Append(plan.Tasks.ToString(Vietnamese)).Append("</td>")
                .Append("<td class=\"n\">").Append(plan.TasksOverdue.ToString(Vietnamese)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");

        html.Append("<section><h2>Chỉ tiêu cần chú ý</h2>");
        if (brief.NeedAttention.Count == 0)
        {
            html.Append("<p>Không có chỉ tiêu nào có nguy cơ không đạt hoặc quá hạn.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Chỉ tiêu</th><th>Tình trạng</th><th class=\"n\">Hiện tại</th><th class=\"n\">Mục tiêu</th><th class=\"n\">Dự báo đến hạn</th><th>Hạn</th><th>Cơ quan chủ trì</th></tr></thead><tbody>");
            foreach (var kpi in brief.NeedAttention)
            {
                html.Append("<tr><td>").Append(E(kpi.Title)).Append("<br><span class=\"muted\">").Append(E(kpi.LegalBasis)).Append("</span></td>")
                    .Append("<td><span class=\"status ").Append(E(kpi.Status)).Append("\">").Append(StatusText(kpi.Status)).Append("</span></td>")
                    .Append("<td class=\"n\">").Append(Value(kpi.Value, kpi.Unit)).Append("</td>")
                    .Append("<td class=\"n\">").Append(Target(kpi)).Append("</td>")
                    .Append("<td class=\"n\">").Append(Value(kpi.Projection, kpi.Unit)).Append("</td>")
                    .Append("<td>").Append(Day(kpi.Deadline)).Append("</td><td>").Append(E(kpi.Owner)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");

        foreach (var ranking in brief.Rankings)
        {
            html.Append("<section class=\"ranking\"><h2>").Append(E(ranking.Title)).Append("</h2><div class=\"columns\">");
            RankTable(html, "Dẫn đầu", ranking, ranking.Top);
            RankTable(html, "Cuối bảng", ranking, ranking.Bottom);
            html.Append("</div><p class=\"muted\">").Append(ranking.Units.ToString(Vietnamese)).Append(" đơn vị được xếp hạng.</p></section>");
        }

        html.Append("<footer>Bản tin do Trung tâm điều hành (IOC) tạo tự động từ số liệu các hệ thống của tỉnh. Mỗi con số có nguồn, lần thu thập và thời điểm trên bảng điều hành.</footer>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Card(StringBuilder html, BriefKpi kpi)
    {
        html.Append("<div class=\"card ").Append(E(kpi.Status)).Append("\"><p class=\"title\">").Append(E(kpi.Title)).Append("</p>")
            .Append("<p class=\"value\">").Append(Value(kpi.Value, kpi.Unit)).Append("</p>")
            .Append("<p>Mục tiêu ").Append(Target(kpi)).Append(" · ");
        if (kpi.Gap is { } gap)
        {
            html.Append(gap <= 0 ? "đã vượt " : "còn thiếu ").Append(Value(Math.Abs(gap), kpi.Unit));
        }
        else
        {
            html.Append("chưa tính được khoảng cách");
        }

        html.Append("</p><p><span class=\"status ").Append(E(kpi.Status)).Append("\">").Append(StatusText(kpi.Status)).Append("</span> · hạn ").Append(Day(kpi.Deadline));
        var late = (-kpi.DaysToDeadline).ToString(Vietnamese);
        html.Append(kpi.DaysToDeadline >= 0 ? $" (còn {kpi.DaysToDeadline.ToString(Vietnamese)} ngày)" : kpi.Status == "overdue" ? $" (quá hạn {late} ngày)" : $" (đã qua hạn {late} ngày)");
        html.Append("</p>");
        Sparkline(html, kpi.Trend);
        html.Append("<p class=\"basis\">").Append(E(kpi.LegalBasis)).Append("</p></div>");
    }

    private static void RankTable(StringBuilder html, string title, BriefRanking ranking, IReadOnlyList<BriefUnitValue> rows)
    {
        html.Append("<table><thead><tr><th colspan=\"3\">").Append(title).Append("</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr><td class=\"n\">").Append(row.Rank.ToString(Vietnamese)).Append("</td><td>").Append(E(row.Name)).Append("</td><td class=\"n\">")
                .Append(Number(row.Value, ranking.Decimals)).Append(ranking.Unit.Length > 0 ? " " + E(ranking.Unit) : "").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void Sparkline(StringBuilder html, IReadOnlyList<double> trend)
    {
        if (trend.Count < 2)
        {
            return;
        }

        const double width = 160, height = 28;
        var min = trend.Min();
        var max = trend.Max();
        var span = max - min == 0 ? 1 : max - min;
        var points = string.Join(' ', trend.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{i * width / (trend.Count - 1):0.#},{height - 2 - ((v - min) / span * (height - 4)):0.#}")));
        html.Append("<svg class=\"spark\" width=\"160\" height=\"28\" viewBox=\"0 0 160 28\" aria-hidden=\"true\"><polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" points=\"")
            .Append(points).Append("\"/></svg>");
    }

    private static string Target(BriefKpi kpi) => (kpi.Direction == "down" ? "≤ " : "≥ ") + Value(kpi.Target, kpi.Unit);

    /// <summary>A figure in Vietnamese notation (81,17 %; 57.600), with as many decimals as it needs up to two.</summary>
    public static string Value(double? value, string unit)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return "—";
        }

        var decimals = Math.Abs(v) >= 1000 || v == Math.Round(v) ? 0 : 2;
        var text = Number(v, decimals);
        return unit switch
        {
            "" => text,
            "%" => text + " %",
            _ => text + " " + E(unit),
        };
    }

    private static string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Vietnamese);

    private static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);

    private const string Styles = """
        @page { size: A4; margin: 14mm 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #1b2430; margin: 0; }
        header { border-bottom: 3px solid #b8202a; margin-bottom: 10px; }
        .kicker { text-transform: uppercase; letter-spacing: .06em; color: #b8202a; font-weight: 700; margin: 0; }
        h1 { font-size: 18pt; margin: 2px 0; }
        h2 { font-size: 12.5pt; margin: 14px 0 6px; color: #12365e; }
        .period, .muted, .basis { color: #5a6675; }
        .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
        .card { border: 1px solid #d0d7e0; border-left: 5px solid #8a96a6; border-radius: 4px; padding: 6px 8px; break-inside: avoid; }
        .card p { margin: 2px 0; }
        .card .title { font-weight: 700; }
        .card .value { font-size: 17pt; font-weight: 700; }
        .card .basis { font-size: 8.5pt; }
        .card.met { border-left-color: #1e8a4c; } .card.on-track { border-left-color: #1f5fa8; }
        .card.at-risk { border-left-color: #d98b00; } .card.overdue { border-left-color: #b8202a; }
        .status { font-weight: 700; }
        .status.met { color: #1e8a4c; } .status.on-track { color: #1f5fa8; } .status.at-risk { color: #a86a00; } .status.overdue { color: #b8202a; } .status.no-data { color: #5a6675; }
        table { width: 100%; border-collapse: collapse; break-inside: auto; }
        th, td { border-bottom: 1px solid #e1e6ec; padding: 3px 5px; text-align: left; vertical-align: top; }
        tr { break-inside: avoid; }
        th { background: #eef2f6; }
        .n { text-align: right; white-space: nowrap; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
        footer { margin-top: 16px; font-size: 8.5pt; color: #5a6675; border-top: 1px solid #d0d7e0; padding-top: 4px; }
        """;
}
