using Ioc.Simulator.Model;
using Ioc.Simulator.Units;

namespace Ioc.Simulator.Tests.Units;

/// <summary>
/// The simulated systems answer with exactly the units of the repository's units/*.yaml valid on the day: old
/// districts and communes before 2025-07-01, the new communes after, and counts that add up through the mapping.
/// </summary>
public sealed class UnitsInAnswersTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset BeforeReform = new(2025, 6, 18, 15, 30, 0, Vn);
    private static readonly DateTimeOffset AfterReform = new(2025, 10, 15, 15, 30, 0, Vn);

    public static TheoryData<string> Profiles => [.. ProvinceProfiles.All.Select(p => p.Code)];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void AnswersBeforeAndAfterTheReform_NameExactlyTheUnitsOfTheFileValidThatDay(string code)
    {
        var profile = ProvinceProfiles.Find(code)!;
        var file = ProvinceUnitsFile.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "units", profile.UnitsFile + ".yaml")), profile.UnitsFile);
        Assert.Equal(code, file.Province);
        var simulator = new ProvinceSimulator(profile, 2024);

        foreach (var at in new[] { BeforeReform, AfterReform })
        {
            var day = DateOnly.FromDateTime(at.DateTime);
            var valid = file.Units.Where(u => u.ValidOn(day)).ToDictionary(u => u.Code);
            var records = simulator.Records(at).Units;
            Assert.All(records, r =>
            {
                Assert.True(valid.TryGetValue(r.Code, out var unit), $"{r.Code} is not valid on {day}");
                Assert.Equal((unit!.Name, unit.Level), (r.Name, r.Level));
            });
            // Every district and commune of the day is answered for (provinces only where the file's area lies).
            Assert.Equal(
                valid.Values.Where(u => u.Level != UnitLevels.Province).Select(u => u.Code).Order(),
                records.Where(r => r.Level != UnitLevels.Province).Select(r => r.Code).Order());
            Assert.Equal(records.Select(r => r.Code), simulator.Eid(at).Units.Select(u => u.Code));
            Assert.Equal(records.Select(r => r.Code), simulator.Infrastructure(at).Units.Select(u => u.Code));
        }

        var before = simulator.Records(BeforeReform).Units;
        var after = simulator.Records(AfterReform).Units;
        Assert.Contains(before, r => r.Level == UnitLevels.District);
        Assert.DoesNotContain(after, r => r.Level == UnitLevels.District);
        Assert.Empty(before.Select(r => r.Code).Intersect(after.Where(r => r.Level == UnitLevels.Commune).Select(r => r.Code)));
    }

    [Fact]
    public void HaTinh_HasItsThirteenDistrictsBeforeTheReform_UnderProvince42()
    {
        var records = new ProvinceSimulator(ProvinceProfiles.HaTinh, 2024).Records(BeforeReform).Units;
        Assert.Equal(("42", "Tỉnh Hà Tĩnh"), (records[0].Code, records[0].Name));
        Assert.Equal(
            ["436", "437", "439", "440", "441", "442", "443", "444", "445", "446", "447", "448", "449"],
            records.Where(r => r.Level == UnitLevels.District).Select(r => r.Code).Order());
    }

    [Theory]
    [InlineData("VP", "26", "25")]
    [InlineData("NT", "58", "56")]
    public void MergedProvince_IsAnsweredUnderItsOldCodeBefore_AndTheNewProvinceAfter(string code, string before, string after)
    {
        var simulator = new ProvinceSimulator(ProvinceProfiles.Find(code)!, 2024);
        Assert.Equal([before], simulator.Records(BeforeReform).Units.Where(r => r.Level == UnitLevels.Province).Select(r => r.Code));
        Assert.Equal([after], simulator.Records(AfterReform).Units.Where(r => r.Level == UnitLevels.Province).Select(r => r.Code));
    }

    [Fact]
    public void QuangBinh_IsAnsweredBesideQuangTriBefore_AndInsideItAfter()
    {
        var simulator = new ProvinceSimulator(ProvinceProfiles.QuangTri, 2024);
        Assert.Equal(["45", "44"], simulator.Records(BeforeReform).Units.Where(r => r.Level == UnitLevels.Province).Select(r => r.Code));
        Assert.Equal(["45"], simulator.Records(AfterReform).Units.Where(r => r.Level == UnitLevels.Province).Select(r => r.Code));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void BeforeTheReform_ProvincesEqualTheirDistricts_AndDistrictsTheirCommunes(string code)
    {
        var simulator = new ProvinceSimulator(ProvinceProfiles.Find(code)!, 2024);
        var file = simulator.Units;
        var records = simulator.Records(BeforeReform).Units.ToDictionary(r => r.Code);
        var eid = simulator.Eid(BeforeReform).Units.ToDictionary(r => r.Code);
        var infrastructure = simulator.Infrastructure(BeforeReform).Units.ToDictionary(r => r.Code);
        foreach (var parent in records.Values.Where(r => r.Level != UnitLevels.Commune))
        {
            var children = file.Units.Where(u => u.Parent == parent.Code && records.ContainsKey(u.Code)).Select(u => u.Code).ToList();
            Assert.NotEmpty(children);
            Assert.Equal(parent.ReceivedYtd, children.Sum(c => records[c].ReceivedYtd));
            Assert.Equal(parent.ReceivedOnlineToday, children.Sum(c => records[c].ReceivedOnlineToday));
            Assert.Equal(eid[parent.Code].Level2, children.Sum(c => eid[c].Level2));
            Assert.Equal(infrastructure[parent.Code].Villages, children.Sum(c => infrastructure[c].Villages));
            Assert.Equal(infrastructure[parent.Code].HouseholdsWithBroadband, children.Sum(c => infrastructure[c].HouseholdsWithBroadband));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void OldCommunesCounts_RollUpThroughTheMapping_ToTheNewCommunes(string code)
    {
        // The last instant before the reform and the first after: year-to-date counts carry over midnight, so each new
        // commune starts from the sum of the old communes merged into it (within a record or so for the last millisecond).
        var simulator = new ProvinceSimulator(ProvinceProfiles.Find(code)!, 2024);
        var reform = new DateTimeOffset(2025, 7, 1, 0, 0, 0, Vn);
        var old = simulator.Records(reform.AddMilliseconds(-1)).Units.ToDictionary(r => r.Code);
        var oldEid = simulator.Eid(reform.AddMilliseconds(-1)).Units.ToDictionary(r => r.Code);
        var newEid = simulator.Eid(reform).Units.ToDictionary(r => r.Code);
        var oldVillages = simulator.Infrastructure(reform.AddMilliseconds(-1)).Units.ToDictionary(r => r.Code);
        var newVillages = simulator.Infrastructure(reform).Units.ToDictionary(r => r.Code);
        foreach (var commune in simulator.Records(reform).Units.Where(r => r.Level == UnitLevels.Commune))
        {
            var merged = simulator.Units.Units.Where(u => u.Successors.Contains(commune.Code)).Select(u => u.Code).ToList();
            Assert.NotEmpty(merged);
            Assert.InRange(commune.ReceivedYtd - merged.Sum(c => old[c].ReceivedYtd), 0, merged.Count + 1);
            Assert.InRange(commune.ReceivedOnlineYtd - merged.Sum(c => old[c].ReceivedOnlineYtd), 0, merged.Count + 1);
            Assert.InRange(newEid[commune.Code].Level2 - merged.Sum(c => oldEid[c].Level2), -(merged.Count + 1), merged.Count + 1);
            Assert.Equal(newVillages[commune.Code].Villages, merged.Sum(c => oldVillages[c].Villages));
        }

        var provinceBefore = old.Values.Where(r => r.Level == UnitLevels.Province).Sum(r => r.ReceivedYtd);
        var provinceAfter = simulator.Records(reform).Units.Single(r => r.Level == UnitLevels.Province).ReceivedYtd;
        Assert.InRange(provinceAfter - provinceBefore, 0, old.Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EDocuments_HaveADistrictLevelBeforeTheReform_AndNoneAfter(string code)
    {
        var simulator = new ProvinceSimulator(ProvinceProfiles.Find(code)!, 2024);
        Assert.Equal(["province", "district", "commune"], simulator.DocumentExchange(BeforeReform).Levels.Select(l => l.Level));
        Assert.Equal(["province", "commune"], simulator.DocumentExchange(AfterReform).Levels.Select(l => l.Level));
        Assert.Equal(["province", "commune"], simulator.DocumentExchange(new DateTimeOffset(2025, 7, 1, 0, 0, 0, Vn)).Levels.Select(l => l.Level));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Ioc.sln above {AppContext.BaseDirectory}");
    }
}
