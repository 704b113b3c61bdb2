using Ioc.Simulator.Model;

namespace Ioc.Simulator.Tests.Model;

/// <summary>Each profile answers with its own province's reported figures, and never with another province's.</summary>
public sealed class ProvinceProfilesTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private static DateTimeOffset Day(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, Vn);

    private static ProvinceSimulator Of(ProvinceProfile profile) => new(profile, 2024);

    public static TheoryData<string, string> Provinces => new()
    {
        { "HT", "Hà Tĩnh" },
        { "NA", "Nghệ An" },
        { "VP", "Vĩnh Phúc" },
        { "NT", "Ninh Thuận" },
        { "QT", "Quảng Trị" },
    };

    [Theory]
    [MemberData(nameof(Provinces))]
    public void EveryReportedFigure_NamesItsOwnProvinceAsTheSource(string code, string name)
    {
        var profile = ProvinceProfiles.Find(code)!;
        var figures = profile.Figures().ToList();
        Assert.Contains(figures, f => f.Figure.IsReported);
        Assert.All(figures.Where(f => f.Figure.IsReported), f => Assert.Contains(name, f.Figure.Basis, StringComparison.Ordinal));
        Assert.All(figures, f => Assert.False(string.IsNullOrWhiteSpace(f.Figure.Basis), f.Key));
    }

    [Fact]
    public void HaTinh_NoLongerCarriesVinhPhucsOrNinhThuansNumbers()
    {
        var simulator = Of(ProvinceProfiles.HaTinh);
        var at = Day(2025, 10, 15);
        var services = simulator.PortalServices(at);
        Assert.NotEqual(1865, services.Total);
        Assert.NotEqual(922, services.FullOnline);
        var payments = simulator.Payments(at);
        Assert.NotEqual((429, 474), (payments.ProceduresWithOnlinePayment, payments.ProceduresWithFees));
        Assert.DoesNotContain(simulator.DocumentExchange(at).Levels, l => Math.Abs(l.ElectronicRate - 98.95) < 0.3 || Math.Abs(l.ElectronicRate - 92.35) < 0.3);
        Assert.Equal(services.Total, services.FullOnline + services.PartialOnline + services.Other);
    }

    [Fact]
    public void HaTinh_AnswersItsReportedEDocumentAndTelecomFigures()
    {
        var simulator = Of(ProvinceProfiles.HaTinh);
        var levels = simulator.DocumentExchange(Day(2025, 5, 14, 10)).Levels.ToDictionary(l => l.Level);
        Assert.InRange(levels["province"].ElectronicRate, 99.5, 100);
        Assert.InRange(levels["district"].ElectronicRate, 99.5, 100);
        Assert.InRange(levels["commune"].ElectronicRate, 94.7, 95.3);

        var endOf2022 = simulator.Infrastructure(Day(2022, 12, 31));
        Assert.Equal(98, endOf2022.Province.Coverage4GRate);
        Assert.Equal(94.3, endOf2022.Province.MobilePer100);
        Assert.Equal(12.8, endOf2022.Province.FixedBroadbandPer100);
        Assert.InRange(endOf2022.Province.BtsNewYtd, 86, 87);
    }

    [Fact]
    public void NgheAn_AnswersItsBroadbandVillages_AndDigitalEconomy()
    {
        var simulator = Of(ProvinceProfiles.NgheAn);
        var province = simulator.Infrastructure(Day(2023, 8, 30)).Units[0];
        Assert.Equal((3806, 3743), (province.Villages, province.VillagesWithBroadband));

        var annual = simulator.Annual(Day(2024, 7, 15));
        Assert.Equal((2023, 7.38, 32, 63), (annual.DigitalEconomy.Year, annual.DigitalEconomy.GrdpShare, annual.DigitalEconomy.Rank, annual.DigitalEconomy.Provinces));
    }

    [Fact]
    public void VinhPhuc_AnswersItsServicesPaymentsSignaturesAndSecurityApprovals()
    {
        var simulator = Of(ProvinceProfiles.VinhPhuc);
        var at = Day(2023, 9, 30);
        var services = simulator.PortalServices(at);
        Assert.Equal((1865, 922, 683, 262, 1287), (services.Total, services.FullOnline, services.PartialOnline, services.Other, services.OnNationalPortal));
        Assert.Equal(new ProvinceRef("VP", "Tỉnh Vĩnh Phúc"), services.Province);
        var payments = simulator.Payments(at);
        Assert.Equal((429, 474), (payments.ProceduresWithOnlinePayment, payments.ProceduresWithFees));
        var security = simulator.SecurityApprovals(at);
        Assert.Equal((68, 59, 80.0), (security.Systems, security.Approved, security.TargetRate));
        Assert.Equal(86.76, security.ApprovedRate);
        var signed = simulator.DocumentExchange(at.AddHours(-2)).Levels.Select(l => l.SignedRate);
        Assert.All(signed, rate => Assert.InRange(rate, 98.7, 99.3));
        var province = simulator.Infrastructure(at);
        Assert.Equal(3000, province.Units[0].BtsStations);
        Assert.Equal(100, province.Province.Coverage4GRate);
        Assert.InRange(province.Units[0].HouseholdBroadbandRate, 89.9, 90.1);
    }

    [Fact]
    public void NinhThuan_AnswersItsLandSectorDtiOcopAndCommunityTeams()
    {
        var simulator = Of(ProvinceProfiles.NinhThuan);
        var sectors = simulator.RecordsBySector(Day(2023, 6, 30, 17)).Items.Where(i => i.Level == "province").ToList();
        var land = Assert.Single(sectors, s => s.Sector == "dat-dai");
        Assert.Equal("Đất đai", land.SectorName);
        Assert.InRange(land.OnlineRate, 1.5, 2.7);
        var overall = simulator.Records(Day(2023, 6, 30, 17)).Units[0];
        Assert.InRange(overall.OnlineRate, 79, 83.5);

        var dti = simulator.Annual(Day(2023, 7, 15)).Dti;
        Assert.Equal((2022, 0.5934, 27, 63), (dti.Year, dti.Score, dti.Rank, dti.Provinces));
        var annual = simulator.Annual(Day(2024, 7, 15));
        Assert.Equal((2023, 91.79), (annual.Ocop.Year, annual.Ocop.OnEcommerceShare));
        Assert.Equal(
            [("commune", 65, 840), ("village", 446, 2439)],
            annual.CommunityTeams.Select(t => (t.Tier, t.Teams, t.Members)));
    }

    [Fact]
    public void QuangTri_AnswersItsServiceCountsHouseholdsAndDigitalEconomy()
    {
        var simulator = Of(ProvinceProfiles.QuangTri);
        var services = simulator.PortalServices(Day(2025, 10, 15));
        Assert.Equal((973, 748), (services.FullOnline, services.PartialOnline));
        Assert.InRange(simulator.Infrastructure(Day(2023, 12, 31)).Units[0].HouseholdBroadbandRate, 80.4, 80.6);
        var annual = simulator.Annual(Day(2024, 7, 15));
        Assert.Equal((9.03, 26), (annual.DigitalEconomy.GrdpShare, annual.DigitalEconomy.Rank));
    }

    [Fact]
    public void YearlyFigures_AfterTheReform_AreRankedAmong34Provinces()
    {
        var annual = Of(ProvinceProfiles.NinhThuan).Annual(Day(2026, 7, 15));
        Assert.Equal((2025, 34), (annual.Dti.Year, annual.Dti.Provinces));
        Assert.InRange(annual.Dti.Rank, 1, 34);
        Assert.Equal("Tỉnh Khánh Hòa", annual.Province.Name);
    }

    [Fact]
    public void SectorCounts_AddUpExactlyToEachUnitsRecords()
    {
        var simulator = Of(ProvinceProfiles.HaTinh);
        foreach (var at in new[] { Day(2025, 3, 12, 15), Day(2025, 10, 15, 15) })
        {
            var units = simulator.Records(at).Units;
            var sectors = simulator.RecordsBySector(at).Items.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(units.Select(u => u.Code), sectors.Keys);
            foreach (var unit in units)
            {
                var parts = sectors[unit.Code];
                Assert.Equal(7, parts.Count);
                Assert.Equal(unit.ReceivedToday, parts.Sum(p => p.ReceivedToday));
                Assert.Equal(unit.ReceivedOnlineToday, parts.Sum(p => p.ReceivedOnlineToday));
                Assert.Equal(unit.ReceivedYtd, parts.Sum(p => p.ReceivedYtd));
                Assert.Equal(unit.ReceivedOnlineYtd, parts.Sum(p => p.ReceivedOnlineYtd));
            }
        }
    }
}
