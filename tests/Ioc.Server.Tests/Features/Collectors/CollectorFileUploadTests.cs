using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>
/// An administrator hands an agency's report to a <c>file</c> collector through the API, as the agency would drop it in
/// the watched folder: it is imported once by the next run and moved to <c>done/</c>.
/// </summary>
public sealed class CollectorFileUploadTests : IAsyncLifetime
{
    private const string Report = """
        UBND TỈNH HÀ TĨNH;;;
        BÁO CÁO HỒ SƠ TRỰC TUYẾN THÁNG 10/2024;;;
        STT;Đơn vị;Kỳ báo cáo;Tỷ lệ hồ sơ trực tuyến (%)
        1;Thành phố Hà Tĩnh;10/2024;81,17
        2;Huyện Can Lộc;10/2024;66,29
        ;Tổng cộng;10/2024;75,08
        """;

    private readonly string _inbox = Directory.CreateTempSubdirectory("ioc-inbox-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Scheduling:Enabled"] = "true", ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00", ["Ioc:Scheduling:RunAllAtStart"] = "false" });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_inbox, recursive: true);
    }

    [Fact]
    public async Task TheCollectorPagesUploadForm_HandsTheReportOver_AndSaysSo()
    {
        await CreateAsync();
        var page = await _server.Http.GetStringAsync("/admin/collectors/dvc-monthly");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Report)), "file", "bao-cao-thang-11.csv" },
        };
        using var handler = new HttpClientHandler { CookieContainer = _server.Cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(_server.BaseUrl) };
        using var answer = await client.PostAsync("/admin/collectors/dvc-monthly/upload", form);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/admin/collectors/dvc-monthly?uploaded=bao-cao-thang-11.csv", answer.Headers.Location?.OriginalString);
        Assert.Contains("bao-cao-thang-11.csv", await _server.Http.GetStringAsync(answer.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_inbox, "bao-cao-thang-11.csv")) || File.Exists(Path.Combine(_inbox, "done", "bao-cao-thang-11.csv")));

        using var forged = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "x.csv" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/admin/collectors/dvc-monthly/upload", forged)).StatusCode);
    }

    [Fact]
    public async Task AnUploadedReport_IsImportedOnce_AndMovedToDone()
    {
        await CreateAsync();
        using (var wrong = await _server.Http.PostAsync("/api/v1/collectors/dvc-monthly/files?name=bao-cao.xlsx", new ByteArrayContent([1, 2, 3])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("*.csv", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var uploaded = await _server.Http.PostAsync("/api/v1/collectors/dvc-monthly/files?name=bao-cao-thang-10.csv", new ByteArrayContent(Encoding.UTF8.GetBytes(Report))))
        {
            Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
            Assert.Equal("bao-cao-thang-10.csv", (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }

        var done = Path.Combine(_inbox, "done", "bao-cao-thang-10.csv");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(done))
        {
            Assert.True(DateTime.UtcNow < deadline, "the uploaded report was not imported within 20 s");
            await Task.Delay(200);
        }

        var series = await _server.Get<ISeriesCatalog>().ListSeriesAsync("dvc_monthly_upload", 10);
        Assert.Equal(["Huyện Can Lộc", "Thành phố Hà Tĩnh"], series.Select(s => s.Tags.Single().Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(_inbox), f => !Path.GetFileName(f).StartsWith('.'));
        Assert.Contains("collector.file", await _server.Http.GetStringAsync("/api/v1/admin/audit"), StringComparison.Ordinal);
    }

    private async Task CreateAsync()
    {
        using (var created = await _server.Http.PostAsync("/api/v1/collectors", new StringContent($"""
            apiVersion: ioc/v1
            id: dvc-monthly
            name: Báo cáo tháng — hồ sơ trực tuyến
            kind: file
            schedule: "0 0 * * *"
            spec:
              folder: {_inbox}
              pattern: "*.csv"
              decimal: ","
              dateFormat: MM/yyyy
              measurement: dvc_monthly_upload
              time: Kỳ báo cáo
              skipRows: [Tổng cộng]
              tags: {"{"} Đơn vị: district {"}"}
              fields: {"{"} Tỷ lệ hồ sơ trực tuyến (%): online_rate {"}"}
            """, Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }
}
