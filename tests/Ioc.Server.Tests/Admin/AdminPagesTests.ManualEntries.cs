using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Configuration;

namespace Ioc.Server.Tests.Admin;

/// <summary>The page of a manual collector: its figures so far, and the form that enters one period's.</summary>
public sealed partial class AdminPagesTests
{
    private const string EntriesPage = "/admin/collectors/dti-index/entries";

    [Fact]
    public async Task EnteringAFigureOnThePage_ListsIt_WithItsDocument_AndStoresIt()
    {
        using var response = await Admin.PostFormAsync(
            EntriesPage,
            new Dictionary<string, string>
            {
                ["Entry.Period"] = "2023",
                ["Entry.Values[score]"] = "0,4812",
                ["Entry.Values[rank]"] = "53",
                ["Entry.DocumentNumber"] = "QĐ 922/QĐ-BTTTT",
                ["Entry.DocumentDate"] = "2024-06-14",
                ["Entry.Issuer"] = "Bộ Thông tin và Truyền thông",
                ["Entry.Title"] = "Báo cáo chỉ số DTI năm 2023",
            },
            "enter-figures");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đã lưu 2 chỉ số của kỳ 2023.", page, StringComparison.Ordinal);
        var listed = WebUtility.HtmlDecode(await Admin.Http.GetStringAsync(EntriesPage));
        Assert.Contains("0,4812", listed, StringComparison.Ordinal);
        Assert.Contains("53 /63", listed, StringComparison.Ordinal);
        Assert.Contains("QĐ 922/QĐ-BTTTT", listed, StringComparison.Ordinal);
        Assert.Contains("Báo cáo chỉ số DTI năm 2023", listed, StringComparison.Ordinal);
        var stored = (await Server.Get<IManualEntryStore>().ListEntriesAsync("dti-index")).Where(e => e.Period == "2023").ToList();
        Assert.Equal([("rank", 53d), ("score", 0.4812)], stored.Select(e => (e.Field, e.Value)));
        Assert.All(stored, e => Assert.Equal(new ManualEntryDocument("QĐ 922/QĐ-BTTTT", new DateOnly(2024, 6, 14), "Bộ Thông tin và Truyền thông", "Báo cáo chỉ số DTI năm 2023", null), e.Document));
        Assert.All(stored, e => Assert.Equal("admin", e.EnteredBy));
    }

    [Fact]
    public async Task BadInputOnThePage_IsShownBesideItsField_InVietnamese_AndSavesNothing()
    {
        using var response = await Admin.PostFormAsync(
            EntriesPage,
            new Dictionary<string, string>
            {
                ["Entry.Period"] = "2021-Q2",
                ["Entry.Values[rank]"] = "70",
                ["Entry.DocumentDate"] = "2024-06-14",
            },
            "enter-figures");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'2021-Q2' không phải là kỳ của bộ số liệu này: viết theo dạng 2024, từ năm 1990.", page, StringComparison.Ordinal);
        Assert.Contains("70 lớn hơn giá trị cao nhất cho phép (63).", page, StringComparison.Ordinal);
        Assert.Contains("Cần nhập số hiệu văn bản, ví dụ 586/KH-UBND.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"70\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(await Server.Get<IManualEntryStore>().ListEntriesAsync("dti-index"), e => e.Period is "2021" or "2021-Q2");
    }

    [Fact]
    public async Task EntriesPage_OfAScheduledCollector_SaysItCollectsItself()
    {
        var collector = (await Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors")).EnumerateArray()
            .Select(c => (Id: c.GetProperty("id").GetString()!, Kind: c.GetProperty("kind").GetString()!)).First(c => c.Kind != "manual");

        using var response = await Admin.Http.GetAsync($"/admin/collectors/{collector.Id}/entries");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("số liệu được thu thập tự động, không nhập tay", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
