using Ioc.Simulator.Model;

namespace Ioc.Simulator.Tests.Model;

public sealed class ProvinceSimulatorTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    // A Wednesday, an ordinary working day.
    private static readonly DateTimeOffset Wednesday = new(2025, 10, 15, 0, 0, 0, Vn);

    private static ProvinceSimulator Simulator(int seed = 2024) => new(ProvinceProfiles.HaTinh, seed);

    private static ProvinceSimulator Of(ProvinceProfile profile) => new(profile, 2024);

    public static TheoryData<string> Reports => ["services", "records", "edoc", "payments", "eid"];

    [Theory]
    [MemberData(nameof(Reports))]
    public void SameSeedAndInstant_GiveTheSameJson(string report)
    {
        var at = Wednesday.AddHours(10.3);
        Assert.Equal(Json(Simulator(), report, at), Json(Simulator(), report, at));
    }

    [Theory]
    [InlineData("records")]
    [InlineData("edoc")]
    [InlineData("payments")]
    [InlineData("eid")]
    public void DifferentSeeds_GiveDifferentFigures(string report)
    {
        var at = Wednesday.AddHours(10.3);
        Assert.NotEqual(Json(Simulator(1), report, at), Json(Simulator(2), report, at));
    }

    [Fact]
    public void Reading_DoesNotDependOnEarlierReadings()
    {
        var at = Wednesday.AddHours(14);
        var fresh = Simulator();
        var used = Simulator();
        for (var t = Wednesday; t < at; t = t.AddMinutes(37))
        {
            used.Records(t);
            used.Payments(t);
        }

        Assert.Equal(Json(fresh, "records", at), Json(used, "records", at));
        Assert.Equal(Json(fresh, "payments", at), Json(used, "payments", at));
    }

    [Theory]
    [InlineData("2025-10-15T10:17:00+07:00")]
    [InlineData("2025-10-18T21:00:00+07:00")]
    [InlineData("2026-01-01T00:00:00+07:00")]
    [InlineData("2026-12-31T23:59:59+07:00")]
    public void ProvinceRow_IsTheSumOfItsCommunes(string instant)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var records = Simulator().Records(at).Units;
        var province = records[0];
        var communes = records.Skip(1).ToList();
        Assert.Equal("province", province.Level);
        Assert.Equal("42", province.Code);
        Assert.Equal("Tỉnh Hà Tĩnh", province.Name);
        Assert.Equal(15, communes.Count);
        Assert.All(communes, c => Assert.Equal("commune", c.Level));
        Assert.Equal(communes.Sum(c => c.ReceivedToday), province.ReceivedToday);
        Assert.Equal(communes.Sum(c => c.ReceivedOnlineToday), province.ReceivedOnlineToday);
        Assert.Equal(communes.Sum(c => c.ReceivedYtd), province.ReceivedYtd);
        Assert.Equal(communes.Sum(c => c.ReceivedOnlineYtd), province.ReceivedOnlineYtd);

        var eid = Simulator().Eid(at).Units;
        Assert.Equal(eid.Skip(1).Sum(c => c.Level1), eid[0].Level1);
        Assert.Equal(eid.Skip(1).Sum(c => c.Level2), eid[0].Level2);
    }

    [Fact]
    public void Counters_RiseMonotonicallyThroughADay_AndTodayNeverExceedsYearToDate()
    {
        var simulator = Simulator();
        var previous = Snapshot(simulator, Wednesday);
        for (var at = Wednesday.AddMinutes(7); at < Wednesday.AddDays(1); at = at.AddMinutes(7))
        {
            var current = Snapshot(simulator, at);
            for (var i = 0; i < current.Length; i++)
            {
                Assert.True(current[i] >= previous[i], $"counter {i} fell from {previous[i]} to {current[i]} at {at:o}");
            }

            previous = current;
        }

        var records = simulator.Records(Wednesday.AddHours(15)).Units;
        Assert.All(records, u =>
        {
            Assert.InRange(u.ReceivedOnlineToday, 0, u.ReceivedToday);
            Assert.InRange(u.ReceivedToday, 0, u.ReceivedYtd);
            Assert.InRange(u.ReceivedOnlineYtd, 0, u.ReceivedYtd);
        });
    }

    [Fact]
    public void Today_StartsAgainAtLocalMidnight_WhileYearToDateCarriesOver()
    {
        var simulator = Simulator();
        var midnight = Wednesday.AddDays(1);
        var before = simulator.Records(midnight.AddMilliseconds(-1)).Units[0];
        var after = simulator.Records(midnight).Units[0];
        Assert.True(before.ReceivedToday > 1000, $"a working day ends with {before.ReceivedToday} records");
        Assert.Equal(0, after.ReceivedToday);
        Assert.InRange(after.ReceivedYtd - before.ReceivedYtd, 0, 2);
    }

    [Fact]
    public void OfficeHours_AreBusy_LunchDips_NightsAndWeekendsAreQuiet()
    {
        var simulator = Simulator();
        long Received(DateTimeOffset from, DateTimeOffset to) =>
            simulator.Records(to).Units[0].ReceivedToday - simulator.Records(from).Units[0].ReceivedToday;

        var morning = Received(Wednesday.AddHours(9), Wednesday.AddHours(10));
        var lunch = Received(Wednesday.AddHours(12), Wednesday.AddHours(13));
        var night = Received(Wednesday.AddHours(2), Wednesday.AddHours(3));
        Assert.True(lunch < morning * 0.7, $"lunch {lunch} vs morning {morning}");
        Assert.True(night < morning * 0.1, $"night {night} vs morning {morning}");

        var saturday = new DateTimeOffset(2025, 10, 18, 0, 0, 0, Vn);
        var weekendDay = simulator.Records(saturday.AddDays(1).AddTicks(-1)).Units[0].ReceivedToday;
        var workingDay = simulator.Records(Wednesday.AddDays(1).AddTicks(-1)).Units[0].ReceivedToday;
        Assert.InRange(weekendDay / (double)workingDay, 0.08, 0.25);
    }

    [Theory]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    public void Payments_OverNineMonths_MatchTheReportedScale(int year)
    {
        // Vĩnh Phúc reported more than 57,600 transactions and 4.7 billion VND in the first nine months of 2023.
        var payments = Of(ProvinceProfiles.VinhPhuc).Payments(new DateTimeOffset(year, 10, 1, 0, 0, 0, Vn).AddTicks(-1));
        Assert.InRange(payments.TransactionsYtd, 57_600 * 0.85, 57_600 * 1.15);
        Assert.InRange(payments.AmountYtdVnd, 4.7e9 * 0.85, 4.7e9 * 1.15);
        Assert.Equal(429, payments.ProceduresWithOnlinePayment);
        Assert.Equal(474, payments.ProceduresWithFees);
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2025)]
    public void NinhThuanRecords_OverAYear_AreOnAProvincialScale_WithAbout81PercentOnline(int year)
    {
        // Ninh Thuận reported 81.17 % of records received online in H1 2023.
        var province = Of(ProvinceProfiles.NinhThuan).Records(new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, Vn).AddTicks(-1)).Units[0];
        Assert.InRange(province.ReceivedYtd, 300_000, 500_000);
        Assert.InRange(province.OnlineRate, 79, 83.5);
        Assert.InRange(province.OnTimeRate, 95, 99);
    }

    [Fact]
    public void Rates_StayInTheirReportedBands()
    {
        // Ninh Thuận's e-document rates per level, before the reform removed the district level.
        var simulator = Of(ProvinceProfiles.NinhThuan);
        var beforeReform = new DateTimeOffset(2025, 6, 1, 0, 0, 0, Vn);
        for (var at = beforeReform.AddDays(-40); at < beforeReform; at = at.AddHours(5.5))
        {
            foreach (var unit in simulator.Records(at).Units.Skip(1))
            {
                Assert.InRange(unit.OnlineRate, 55, 95);
                Assert.InRange(unit.OnTimeRate, 94.5, 99.9);
            }

            var levels = simulator.DocumentExchange(at).Levels.ToDictionary(l => l.Level, l => l.ElectronicRate);
            Assert.InRange(levels["province"], 98.95 - 0.5, 98.95 + 0.5);
            Assert.InRange(levels["district"], 96.58 - 0.5, 96.58 + 0.5);
            Assert.InRange(levels["commune"], 92.35 - 0.5, 92.35 + 0.5);
        }
    }

    [Fact]
    public void Eid_MatchesTheReportedScale_AndGrowsSlowly()
    {
        // Vĩnh Phúc, nine months of 2023: 519,000 level-2 and ~75,000 level-1 accounts, 68 % of adults.
        var simulator = Of(ProvinceProfiles.VinhPhuc);
        var anchor = simulator.Eid(new DateTimeOffset(2023, 9, 30, 0, 0, 0, Vn)).Units[0];
        Assert.InRange(anchor.Level2, 519_000 * 0.95, 519_000 * 1.05);
        Assert.InRange(anchor.Level1, 75_000 * 0.9, 75_000 * 1.1);
        Assert.InRange(anchor.AdultCoverageRate, 66, 70);

        var yearLater = simulator.Eid(new DateTimeOffset(2024, 9, 30, 0, 0, 0, Vn)).Units[0];
        Assert.True(yearLater.Level2 > anchor.Level2);
        Assert.InRange(yearLater.AdultCoverageRate - anchor.AdultCoverageRate, 1, 8);
        var yearBefore = simulator.Eid(new DateTimeOffset(2022, 9, 30, 0, 0, 0, Vn)).Units[0];
        Assert.True(yearBefore.Level2 < anchor.Level2);
    }

    [Fact]
    public void VinhPhucCatalogue_ReportsItsServiceCounts_AfterTheReformUnderPhuTho()
    {
        var services = Of(ProvinceProfiles.VinhPhuc).PortalServices(Wednesday);
        Assert.Equal(new ProvinceRef("VP", "Tỉnh Phú Thọ"), services.Province);
        // As reported, though 922 + 683 + 262 is 1,867: dashboards show the published figures.
        Assert.Equal((1865, 922, 683, 262, 1287), (services.Total, services.FullOnline, services.PartialOnline, services.Other, services.OnNationalPortal));
    }

    [Fact]
    public void AsOf_IsTheInstantInVietnamTime()
    {
        var at = new DateTimeOffset(2025, 10, 15, 3, 0, 0, TimeSpan.Zero);
        var asOf = Simulator().Payments(at).AsOf;
        Assert.Equal(at, asOf);
        Assert.Equal(Vn, asOf.Offset);
    }

    private static long[] Snapshot(ProvinceSimulator simulator, DateTimeOffset at)
    {
        var values = new List<long>();
        foreach (var u in simulator.Records(at).Units)
        {
            values.AddRange([u.ReceivedToday, u.ReceivedOnlineToday, u.ReceivedYtd, u.ReceivedOnlineYtd]);
        }

        foreach (var l in simulator.DocumentExchange(at).Levels)
        {
            values.AddRange([l.SentToday, l.ReceivedToday]);
        }

        var p = simulator.Payments(at);
        values.AddRange([p.TransactionsToday, p.AmountTodayVnd, p.TransactionsYtd, p.AmountYtdVnd]);
        foreach (var u in simulator.Eid(at).Units)
        {
            values.AddRange([u.Level1, u.Level2]);
        }

        return [.. values];
    }

    private static string Json(ProvinceSimulator simulator, string report, DateTimeOffset at) => report switch
    {
        "services" => SimulatorEndpoints.Serialize(simulator.PortalServices(at)),
        "records" => SimulatorEndpoints.Serialize(simulator.Records(at)),
        "edoc" => SimulatorEndpoints.Serialize(simulator.DocumentExchange(at)),
        "payments" => SimulatorEndpoints.Serialize(simulator.Payments(at)),
        "eid" => SimulatorEndpoints.Serialize(simulator.Eid(at)),
        _ => throw new ArgumentOutOfRangeException(nameof(report)),
    };
}
