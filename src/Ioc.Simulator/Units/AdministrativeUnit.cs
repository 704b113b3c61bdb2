namespace Ioc.Simulator.Units;

/// <summary>One dated administrative unit of a <c>units/*.yaml</c> file; <see cref="ValidTo"/> is exclusive.</summary>
internal sealed record AdministrativeUnit(
    string Code,
    string Name,
    string Level,
    string? Parent,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyList<string> Successors)
{
    public bool ValidOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || day < ValidTo);
}

/// <summary>A province's units file: the units before and after the reform of 2025-07-01 and where each old one went.</summary>
internal sealed record ProvinceUnits(string Province, string Source, IReadOnlyList<AdministrativeUnit> Units)
{
    public AdministrativeUnit this[string code] => Units.First(u => u.Code == code);
}

internal static class UnitLevels
{
    public const string Province = "province";
    public const string District = "district";
    public const string Commune = "commune";
}
