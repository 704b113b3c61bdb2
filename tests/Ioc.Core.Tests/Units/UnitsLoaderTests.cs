using static Ioc.Core.Tests.Units.UnitFixture;

namespace Ioc.Core.Tests.Units;

// Each rule of a units file, with the problem naming the file and the path.
public class UnitsLoaderTests
{
    [Fact]
    public void Load_ReadsBothProvinces_KeepingNamesWithTheirDiacritics()
    {
        var registry = Registry();

        Assert.Equal(14, registry.Count);
        Assert.Equal("Thị trấn Nghèn", registry.Find("HT-O004")!.Name);
        Assert.Equal("Tỉnh Vĩnh Phúc", registry.Find("26")!.Name);
        Assert.Equal([new("HT-001", 0.4), new("HT-002", 0.6)], registry.Find("HT-O003")!.Successors);
    }

    [Fact]
    public void Load_RefusesACodeUsedTwice_AcrossFiles()
    {
        var other = "apiVersion: ioc/v1\nprovince: NA\nunits:\n  - code: \"436\"\n    name: Thành phố Vinh\n    level: province\n    validFrom: 1991-09-01\n";
        var ex = Assert.Throws<Ioc.Core.Collecting.DefinitionException>(() => Ioc.Core.Units.UnitsLoader.Load([("units/ha-tinh.yaml", HaTinh), ("units/nghe-an.yaml", other)]));

        Assert.Equal(["units/nghe-an.yaml: units[0].code: '436' is already used by units/ha-tinh.yaml: units[1]"], ex.Problems);
    }

    [Fact]
    public void Load_RefusesAnUnknownLevel_NamingItsPath()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[2].level: must be province, district or commune"],
            Problems("name: Huyện Can Lộc\n    level: district", "name: Huyện Can Lộc\n    level: ward"));
    }

    [Fact]
    public void Load_RefusesAParentThatIsNoUnit()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[6].parent: '999' is not a unit in any units file"],
            Problems("parent: \"440\"", "parent: \"999\""));
    }

    [Fact]
    public void Load_RefusesAParentOfTheSameLevel()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[2].parent: '436' is a district; a district's parent must be of a higher level"],
            Problems("name: Huyện Can Lộc\n    level: district\n    parent: \"42\"", "name: Huyện Can Lộc\n    level: district\n    parent: \"436\""));
    }

    [Fact]
    public void Load_RefusesAParentThatDoesNotLastTheChildsWholeLife()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[7].parent: '436' is valid from 1991-09-01 to 2025-07-01, not over the whole life of this unit (from 2025-07-01)"],
            Problems("name: Phường Thành Sen\n    level: commune\n    parent: \"42\"", "name: Phường Thành Sen\n    level: commune\n    parent: \"436\""));
    }

    [Fact]
    public void Load_AcceptsAChildStartingBeforeItsParent_ForBeforeThePeriodModelled()
    {
        var yaml = HaTinh.Replace("name: Thành phố Hà Tĩnh\n    level: district\n    parent: \"42\"\n    validFrom: 1991-09-01", "name: Thành phố Hà Tĩnh\n    level: district\n    parent: \"42\"\n    validFrom: 1900-01-01", StringComparison.Ordinal);

        Assert.NotEqual(HaTinh, yaml);
        Assert.Equal(new DateOnly(1900, 1, 1), Ioc.Core.Units.UnitsLoader.Load([("units/ha-tinh.yaml", yaml)]).Find("436")!.ValidFrom);
    }

    [Fact]
    public void Load_RefusesAnEndBeforeTheStart()
    {
        var problems = Problems("validTo: 2025-07-01\n    successors: [\"HT-002\"]", "validTo: 1990-01-01\n    successors: [\"HT-002\"]");

        Assert.Contains("units/ha-tinh.yaml: units[6].validTo: 1990-01-01 must be after validFrom 1991-09-01", problems);
    }

    [Fact]
    public void Load_RefusesADateThatIsNoDate()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[8].validFrom: must be a date such as 2025-07-01"],
            Problems("name: Xã Can Lộc\n    level: commune\n    parent: \"42\"\n    validFrom: 2025-07-01", "name: Xã Can Lộc\n    level: commune\n    parent: \"42\"\n    validFrom: 1/7/2025"));
    }

    [Fact]
    public void Load_RefusesASuccessorThatIsNoUnit()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[6].successors[0]: 'HT-009' is not a unit in any units file"],
            Problems("successors: [\"HT-002\"]", "successors: [\"HT-009\"]"));
    }

    [Fact]
    public void Load_RefusesASuccessorNotValidWhenItsPredecessorEnds()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[6].successors[0]: '440' is valid from 1991-09-01 to 2025-07-01, not on 2025-07-01 when this unit ends"],
            Problems("successors: [\"HT-002\"]", "successors: [\"440\"]"));
    }

    [Fact]
    public void Load_RefusesSharesThatDoNotSumToOne()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[5].successors: shares sum to 0.9, not 1"],
            Problems("share: 0.6", "share: 0.5"));
    }

    [Fact]
    public void Load_RefusesAShareOutsideZeroToOne()
    {
        var problems = Problems("share: 0.4 }, { code: \"HT-002\", share: 0.6", "share: 1.4 }, { code: \"HT-002\", share: -0.4");

        Assert.Equal(
            ["units/ha-tinh.yaml: units[5].successors[0].share: 1.4 must be above 0 and at most 1", "units/ha-tinh.yaml: units[5].successors[1].share: -0.4 must be above 0 and at most 1"],
            problems);
    }

    [Fact]
    public void Load_RefusesAnEmptyName()
    {
        Assert.Equal(["units/ha-tinh.yaml: units[8].name: required"], Problems("name: Xã Can Lộc", "name: \"\""));
    }

    [Fact]
    public void Load_RefusesACommuneWithoutParent()
    {
        Assert.Equal(
            ["units/ha-tinh.yaml: units[8].parent: required for a commune"],
            Problems("name: Xã Can Lộc\n    level: commune\n    parent: \"42\"\n", "name: Xã Can Lộc\n    level: commune\n"));
    }

    [Fact]
    public void Load_AcceptsSharesThatSumToOneWithinRounding()
    {
        var yaml = HaTinh.Replace("share: 0.4 }, { code: \"HT-002\", share: 0.6", "share: 0.1 }, { code: \"HT-002\", share: 0.9000000000001", StringComparison.Ordinal);

        Assert.Equal(14, Ioc.Core.Units.UnitsLoader.Load([("units/ha-tinh.yaml", yaml), ("units/vinh-phuc.yaml", VinhPhuc)]).Count);
    }
}
