using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="IManualEntryStore"/> contract: figures entered by administrators, with their documents.</summary>
public abstract partial class DefinitionStoreContract
{
    private static readonly ManualEntryDocument Decision = new(
        "QĐ 1234/QĐ-BTTTT", new DateOnly(2025, 5, 20), "Bộ Thông tin và Truyền thông", "Công bố chỉ số chuyển đổi số cấp tỉnh năm 2024", "https://mic.gov.vn/dti-2024");

    private static readonly DateTimeOffset EnteredAt = new(2025, 6, 2, 3, 15, 42, TimeSpan.Zero);

    private static ManualEntry Entry(string period, int year, string field, double value, ManualEntryDocument? document = null, string collector = "dti-index") =>
        new(collector, period, new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero), field, value, document ?? Decision, "admin", EnteredAt);

    [Fact]
    public async Task Entries_ComeBackNewestPeriodFirst_ExactlyAsSaved()
    {
        var store = (IManualEntryStore)await InitializedAsync();
        var plan = new ManualEntryDocument("586/KH-UBND", new DateOnly(2023, 4, 3), null, null, null);

        await store.SaveEntriesAsync([Entry("2023", 2023, "score", 0.4812, plan), Entry("2023", 2023, "rank", 53, plan)]);
        await store.SaveEntriesAsync([Entry("2024", 2024, "score", 0.5934), Entry("2024", 2024, "rank", 27)]);
        await store.SaveEntriesAsync([Entry("2025-Q3", 2025, "digital_share", 7.38, collector: "grdp-digital")]);

        var listed = await store.ListEntriesAsync("dti-index");

        Assert.Equal(
            [Entry("2024", 2024, "rank", 27), Entry("2024", 2024, "score", 0.5934), Entry("2023", 2023, "rank", 53, plan), Entry("2023", 2023, "score", 0.4812, plan)],
            listed);
        Assert.Single(await store.ListEntriesAsync("grdp-digital"));
        Assert.Empty(await store.ListEntriesAsync("nobody"));
    }

    [Fact]
    public async Task Entries_EnteredAgain_ReplaceTheFigureOfThatPeriod_AndLeaveTheOthers()
    {
        var store = (IManualEntryStore)await InitializedAsync();
        var corrected = Decision with { Number = "QĐ 1250/QĐ-BTTTT", Url = null };

        await store.SaveEntriesAsync([Entry("2024", 2024, "score", 0.5934), Entry("2024", 2024, "rank", 28)]);
        await store.SaveEntriesAsync([Entry("2024", 2024, "rank", 27, corrected) with { EnteredBy = "nguyen-van-a" }]);

        var listed = await store.ListEntriesAsync("dti-index");

        Assert.Equal([Entry("2024", 2024, "rank", 27, corrected) with { EnteredBy = "nguyen-van-a" }, Entry("2024", 2024, "score", 0.5934)], listed);
    }

    [Fact]
    public async Task Entries_OfAnotherNode_AreSeen_AndForgottenWithTheirCollector()
    {
        var first = (IManualEntryStore)await InitializedAsync();
        var second = (IManualEntryStore)await InitializedAsync();

        await first.SaveEntriesAsync([Entry("2024", 2024, "score", 0.5934), Entry("2024", 2024, "rank", 27), Entry("2024", 2024, "share", 9.03, collector: "grdp-digital")]);

        Assert.Equal(2, (await second.ListEntriesAsync("dti-index")).Count);
        Assert.Equal(2, await second.ForgetEntriesAsync("dti-index"));
        Assert.Empty(await first.ListEntriesAsync("dti-index"));
        Assert.Single(await first.ListEntriesAsync("grdp-digital"));
        Assert.Equal(0, await first.ForgetEntriesAsync("dti-index"));
    }
}
