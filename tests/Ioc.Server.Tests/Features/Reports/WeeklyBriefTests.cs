using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Features.Reports;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using MimeKit;
using UglyToad.PdfPig;

namespace Ioc.Server.Tests.Features.Reports;

/// <summary>
/// The weekly brief end to end on a real server: the simulator's figures collected by the shipped collectors, judged
/// against the shipped plans, ranked through the shipped units, printed by Chromium and mailed to a local SMTP sink.
/// </summary>
public sealed class WeeklyBriefTests : IAsyncLifetime
{
    private const string Recipients = "lanhdao@hatinh.gov.vn, vanphong@hatinh.gov.vn";

    private readonly SmtpSink _sink = new();
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:Smtp:Host"] = "127.0.0.1",
            ["Ioc:Smtp:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Ioc:Smtp:Security"] = "None",
            ["Ioc:Smtp:From"] = "IOC Hà Tĩnh <ioc@hatinh.gov.vn>",
            ["Ioc:Reports:Recipients:0"] = Recipients,
        });

        // One slot of every simulator-fed collector, as the schedule would have run it.
        var runner = _server.Get<CollectorRunner>();
        var slot = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);
        foreach (var definition in _server.Get<CollectorCatalog>().Definitions.Where(d => d.Kind == "http-json"))
        {
            await runner.RunAsync(definition.Id, slot);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task Brief_MadeNow_HoldsTheLeadersFigures_InItsPdf_AndIsMailedAndListed()
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/v1/reports/weekly-brief", new { mail = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var created = JsonDocument.Parse(body);
        var id = created.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(Recipients, created.RootElement.GetProperty("mailedTo").GetString());
        Assert.Equal(JsonValueKind.Null, created.RootElement.GetProperty("pdfError").ValueKind);

        var pdf = await _server.Http.GetByteArrayAsync($"/reports/{id}.pdf");
        var text = PdfText(pdf);

        // Each KPI card of the Hà Tĩnh plan, as the targets API judges it.
        var targets = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/targets?plan=ha-tinh-cds");
        var judged = targets.GetProperty("targets").EnumerateArray().ToList();
        Assert.NotEmpty(judged);
        foreach (var target in judged.Where(t => t.GetProperty("value").ValueKind == JsonValueKind.Number).Take(6))
        {
            var figure = BriefHtml.Value(target.GetProperty("value").GetDouble(), "");
            Assert.Contains(figure, text, StringComparison.Ordinal);
        }

        Assert.Contains("05-NQ/TU", text, StringComparison.Ordinal);
        Assert.Contains("19/34", text, StringComparison.Ordinal);

        // The best commune of the leaders' ranking, rolled up as the ranking panel does.
        var ranked = await _server.Http.PostAsJsonAsync("/api/v1/query/units", new
        {
            measure = new
            {
                numerator = new { measurement = "dvc_records", field = "received_online_ytd" },
                denominator = new { measurement = "dvc_records", field = "received_ytd" },
                scale = 100,
            },
            level = "commune",
            parent = "42",
        });
        var units = (await ranked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units").EnumerateArray()
            .Where(u => u.GetProperty("value").ValueKind == JsonValueKind.Number).OrderByDescending(u => u.GetProperty("value").GetDouble()).ToList();
        Assert.NotEmpty(units);
        Assert.Contains(units[0].GetProperty("name").GetString()!.Split(' ', 2)[1], text, StringComparison.Ordinal);
        Assert.Contains(units[^1].GetProperty("name").GetString()!.Split(' ', 2)[1], text, StringComparison.Ordinal);

        var mail = Assert.Single(await _sink.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal(["lanhdao@hatinh.gov.vn", "vanphong@hatinh.gov.vn"], mail.To);
        using var message = await MimeMessage.LoadAsync(new MemoryStream(mail.Data));
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        using var attached = new MemoryStream();
        await attachment.Content!.DecodeToAsync(attached);
        Assert.Equal(pdf, attached.ToArray());

        // Leaders read it; only admins make one.
        var password = await _server.Admin.CreateUserAsync("lanh-dao-tinh", "leader", "Lãnh-đạo-2026-xyz");
        using var leader = await Session.SignInAsync(_server.BaseUrl, "lanh-dao-tinh", password);
        var listed = await leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/reports");
        Assert.Equal(id, listed[0].GetProperty("id").GetString());
        using var download = await leader.Http.GetAsync($"/reports/{id}.pdf");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        var page = await leader.Http.GetStringAsync("/reports");
        Assert.Contains($"reports/{id}.pdf", page, StringComparison.Ordinal);
        Assert.DoesNotContain("create-brief", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.Http.PostAsJsonAsync("/api/v1/reports/weekly-brief", new { })).StatusCode);
    }

    [Fact]
    public async Task Brief_RefusedByTheMailRelay_IsKeptAndListed_WithTheReason()
    {
        _sink.RejectWith = "554 5.7.1 relay refused";

        using var response = await _server.Http.PostAsJsonAsync("/api/v1/reports/weekly-brief", new { mail = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = report.GetProperty("id").GetString();
        Assert.Contains("relay refused", report.GetProperty("mailError").GetString(), StringComparison.Ordinal);
        var listed = await _server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{id}");
        Assert.Contains("relay refused", listed.GetProperty("mailError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("mailedTo").ValueKind);
        Assert.Contains("Bản tin tuần", await _server.Http.GetStringAsync($"/reports/{id}.html"), StringComparison.Ordinal);
        Assert.Empty(_sink.Messages);
        Assert.Contains("report.created", await _server.Http.GetStringAsync("/api/v1/admin/audit"), StringComparison.Ordinal);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
