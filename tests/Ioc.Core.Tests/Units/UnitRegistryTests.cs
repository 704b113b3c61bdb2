using Ioc.Core.Units;
using static Ioc.Core.Tests.Units.UnitFixture;

namespace Ioc.Core.Tests.Units;

// Which units exist on a day, and where an old unit's data goes, on both sides of 2025-07-01.
public class UnitRegistryTests
{
    private readonly UnitRegistry _registry = Registry();

    private string[] Codes(DateOnly day, UnitLevel level) => [.. _registry.AsOf(day).Where(u => u.Level == level).Select(u => u.Code)];

    [Fact]
    public void AsOf_BeforeTheReform_AnswersDistrictsAndOldCommunes()
    {
        Assert.Equal(["25", "26", "42"], Codes(Before, UnitLevel.Province));
        Assert.Equal(["243", "436", "440"], Codes(Before, UnitLevel.District));
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003", "HT-O004", "VP-O001"], Codes(Before, UnitLevel.Commune));
    }

    [Fact]
    public void AsOf_AfterTheReform_AnswersNewCommunesAndNoDistricts()
    {
        Assert.Equal(["25", "42"], Codes(After, UnitLevel.Province));
        Assert.Empty(Codes(After, UnitLevel.District));
        Assert.Equal(["HT-001", "HT-002", "VP-001"], Codes(After, UnitLevel.Commune));
    }

    [Fact]
    public void AsOf_TheReformDay_IsTheFirstDayOfTheNewUnits()
    {
        var day = new DateOnly(2025, 7, 1);

        Assert.Equal(["HT-001", "HT-002", "VP-001"], Codes(day, UnitLevel.Commune));
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003", "HT-O004", "VP-O001"], Codes(day.AddDays(-1), UnitLevel.Commune));
    }

    [Fact]
    public void Children_FollowTheDay()
    {
        Assert.Equal(["436", "440"], _registry.Children("42", Before).Select(u => u.Code));
        Assert.Equal(["HT-001", "HT-002"], _registry.Children("42", After).Select(u => u.Code));
    }

    [Fact]
    public void CurrentOf_AMergedCommune_IsItsNewCommune()
    {
        Assert.Equal([new UnitShare("HT-001", 1)], _registry.CurrentOf("HT-O001", After));
        Assert.Equal([new UnitShare("HT-O001", 1)], _registry.CurrentOf("HT-O001", Before));
    }

    [Fact]
    public void CurrentOf_ASplitCommune_IsEachSuccessorWithItsShare()
    {
        Assert.Equal([new UnitShare("HT-001", 0.4), new UnitShare("HT-002", 0.6)], _registry.CurrentOf("HT-O003", After));
    }

    [Fact]
    public void CurrentOf_AnAbolishedDistrict_IsItsProvince()
    {
        Assert.Equal([new UnitShare("42", 1)], _registry.CurrentOf("436", After));
    }

    [Fact]
    public void CurrentOf_VinhPhuc_IsPhuThoAfterTheMerger()
    {
        Assert.Equal([new UnitShare("25", 1)], _registry.CurrentOf("26", After));
        Assert.Equal([new UnitShare("VP-001", 1)], _registry.CurrentOf("VP-O001", After));
        Assert.Equal("25", _registry.ProvinceOf("VP", After)!.Code);
        Assert.Equal("26", _registry.ProvinceOf("VP", Before)!.Code);
    }

    [Fact]
    public void CurrentOf_AUnitNotYetCreated_IsNothing()
    {
        Assert.Empty(_registry.CurrentOf("HT-001", Before));
        Assert.Empty(_registry.CurrentOf("unknown", After));
    }

    [Fact]
    public void Province_OfAnOldCommune_IsFoundThroughItsDistrict()
    {
        Assert.Equal("42", _registry.Province("HT-O004")!.Code);
        Assert.Equal(["42", "440", "HT-O004"], _registry.Ancestry("HT-O004").Select(u => u.Code));
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003"], _registry.Predecessors("HT-001").Select(u => u.Code));
    }
}
