using Ioc.Core.Kpis;
using Ioc.Core.Units;
using static Ioc.Core.Tests.Units.UnitFixture;

namespace Ioc.Core.Tests.Units;

// Roll-up through the 2025 mapping equals the figures computed from the old units: counts as sums, ratios as
// ratios of summed numerators and denominators, a split commune's counts divided by its shares.
public class UnitRollupTests
{
    private static readonly MeasureSeries All = new() { Measurement = "dvc_records", Field = "received" };
    private static readonly MeasureSeries Online = new() { Measurement = "dvc_records", Field = "online" };
    private static readonly KpiMeasure Count = new() { Series = All };
    private static readonly KpiMeasure OnlineShare = new() { Numerator = Online, Denominator = All, Scale = 100 };

    private readonly UnitRegistry _registry = Registry();

    // Old communes' figures for the second quarter of 2025: received, and received online.
    private static readonly (string Unit, double All, double Online)[] OldCommunes =
    [
        ("HT-O001", 100, 80),
        ("HT-O002", 50, 10),
        ("HT-O003", 30, 30),
        ("HT-O004", 20, 5),
    ];

    private static IEnumerable<UnitObservation> Counts() => OldCommunes.Select(c => new UnitObservation(c.Unit, 0, c.All, 1000));

    private static IEnumerable<UnitObservation> Ratios() =>
        OldCommunes.SelectMany(c => new[] { new UnitObservation(c.Unit, 0, c.Online, 1000), new UnitObservation(c.Unit, 1, c.All, 2000) });

    [Fact]
    public void Counts_OfOldCommunes_RollIntoNewCommunes_SplitByShare()
    {
        var rows = new UnitRollup(_registry, Count, After, Counts()).At(UnitLevel.Commune, "42");

        Assert.Equal(["HT-001", "HT-002"], rows.Select(r => r.Unit.Code));
        Assert.Equal(100 + 50 + (0.4 * 30), rows[0].Value!.Value, 9);
        Assert.Equal((0.6 * 30) + 20, rows[1].Value!.Value, 9);
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003"], rows[0].From);
    }

    [Fact]
    public void Counts_ProvinceFromNewCommunes_EqualsTheOldCommunesSum()
    {
        var after = new UnitRollup(_registry, Count, After, Counts()).At(UnitLevel.Province).Single(r => r.Unit.Code == "42");
        var before = new UnitRollup(_registry, Count, Before, Counts()).At(UnitLevel.Province).Single(r => r.Unit.Code == "42");

        Assert.Equal(OldCommunes.Sum(c => c.All), after.Value!.Value, 9);
        Assert.Equal(OldCommunes.Sum(c => c.All), before.Value!.Value, 9);
    }

    [Fact]
    public void Ratios_ProvinceFromNewCommunes_IsTheRatioOfTheOldSums_NotAMeanOfRates()
    {
        var province = new UnitRollup(_registry, OnlineShare, After, Ratios()).At(UnitLevel.Province).Single(r => r.Unit.Code == "42");

        var expected = 100 * OldCommunes.Sum(c => c.Online) / OldCommunes.Sum(c => c.All); // 62.5
        Assert.Equal(expected, province.Value!.Value, 9);
        Assert.NotEqual(OldCommunes.Average(c => 100 * c.Online / c.All), province.Value!.Value, 3); // 56.25
        Assert.Equal(OldCommunes.Sum(c => c.Online), province.Numerator!.Value, 9);
        Assert.Equal(OldCommunes.Sum(c => c.All), province.Denominator!.Value, 9);
        Assert.Equal(2000, province.Time);
    }

    [Fact]
    public void Ratios_OfANewCommune_AreSummedPartsOfItsOldCommunes_WithTheSplitShare()
    {
        var rows = new UnitRollup(_registry, OnlineShare, After, Ratios()).At(UnitLevel.Commune, "42");

        Assert.Equal(100 * (80 + 10 + (0.4 * 30)) / (100 + 50 + (0.4 * 30)), rows[0].Value!.Value, 9);
        Assert.Equal(100 * ((0.6 * 30) + 5) / ((0.6 * 30) + 20), rows[1].Value!.Value, 9);
    }

    [Fact]
    public void Before_TheReform_DistrictsAreSumsOfTheirOldCommunes()
    {
        var rows = new UnitRollup(_registry, OnlineShare, Before, Ratios()).At(UnitLevel.District, "42");

        Assert.Equal(["436", "440"], rows.Select(r => r.Unit.Code));
        Assert.Equal(100.0 * 120 / 180, rows[0].Value!.Value, 9);
        Assert.Equal(25, rows[1].Value!.Value, 9);
    }

    [Fact]
    public void AUnitsOwnSeries_IsPreferredToItsPredecessors()
    {
        var observations = Counts().Append(new UnitObservation("HT-001", 0, 170, 5000));

        var rows = new UnitRollup(_registry, Count, After, observations).At(UnitLevel.Commune, "42");

        Assert.Equal(170, rows[0].Value);
        Assert.Empty(rows[0].From);
    }

    [Fact]
    public void AnAbolishedDistrictsData_GoesToItsProvince_AndNoDistrictLevelRemains()
    {
        var observations = new[] { new UnitObservation("436", 0, 70, 1), new UnitObservation("440", 0, 30, 1) };
        var rollup = new UnitRollup(_registry, Count, After, observations);

        Assert.Equal(100, rollup.At(UnitLevel.Province).Single(r => r.Unit.Code == "42").Value);
        Assert.Empty(rollup.At(UnitLevel.District));
    }

    [Fact]
    public void VinhPhucsData_GoesToPhuTho_AfterTheMerger()
    {
        var observations = new[] { new UnitObservation("26", 0, 10, 1), new UnitObservation("VP-O001", 0, 4, 1) };
        var rollup = new UnitRollup(_registry, Count, After, observations);

        Assert.Equal(10, rollup.At(UnitLevel.Province).Single(r => r.Unit.Code == "25").Value);
        Assert.Equal(4, rollup.At(UnitLevel.Commune, "25").Single().Value);
    }

    [Fact]
    public void AUnitWithoutData_HasNoValue()
    {
        var rows = new UnitRollup(_registry, Count, After, []).At(UnitLevel.Commune, "42");

        Assert.All(rows, r => Assert.Null(r.Value));
    }

    [Fact]
    public void AMeasureThatCannotBeAddedUp_IsRefused()
    {
        var rate = new KpiMeasure { Series = new MeasureSeries { Measurement = "dvc_records", Field = "online_rate" }, RollUp = MeasureRollUp.None };

        var ex = Assert.Throws<ArgumentException>(() => new UnitRollup(_registry, rate, After, []));
        Assert.Contains("rollUp: none", ex.Message, StringComparison.Ordinal);
    }
}
