using Ioc.Simulator.Units;

namespace Ioc.Simulator.Model;

/// <summary>A unit valid on a day and the pieces of territory (<see cref="UnitActivity"/>) it is made of.</summary>
internal sealed record UnitRow(AdministrativeUnit Unit, IReadOnlyList<UnitActivity> Pieces)
{
    public string Code => Unit.Code;

    public string Name => Unit.Name;

    public string Level => Unit.Level;
}

/// <summary>
/// Which units the simulated systems report on a day, as the units file dates them: before 2025-07-01 the old
/// province(s), their districts and old communes; from then on the province and its new communes. Provinces first,
/// then districts, then communes; a unit with no modelled territory on that day is left out.
/// </summary>
internal sealed class UnitRows
{
    private readonly ProvinceUnits _units;
    private readonly IReadOnlyList<UnitActivity> _pieces;
    private readonly Dictionary<bool, IReadOnlyList<UnitRow>> _byEra = [];
    private readonly Lock _gate = new();

    public UnitRows(ProvinceUnits units, IReadOnlyList<UnitActivity> pieces)
    {
        _units = units;
        _pieces = pieces;
    }

    /// <summary>The units file changes only on the reform day, so two lists serve every day.</summary>
    public IReadOnlyList<UnitRow> On(DateOnly day)
    {
        var before = day < ProvinceSimulator.ReformDay;
        lock (_gate)
        {
            if (!_byEra.TryGetValue(before, out var rows))
            {
                rows = Build(day);
                _byEra[before] = rows;
            }

            return rows;
        }
    }

    private List<UnitRow> Build(DateOnly day)
    {
        var valid = _units.Units.Where(u => u.ValidOn(day)).ToList();
        var rows = new List<UnitRow>();
        foreach (var level in new[] { UnitLevels.Province, UnitLevels.District, UnitLevels.Commune })
        {
            foreach (var unit in valid.Where(u => u.Level == level))
            {
                var pieces = _pieces.Where(p => Within(p, unit, day)).ToList();
                if (pieces.Count > 0)
                {
                    rows.Add(new UnitRow(unit, pieces));
                }
            }
        }

        return rows;
    }

    // A piece lies in a unit if the unit is the piece itself, the new commune it went to, or an ancestor of either
    // (following parents valid on the day).
    private bool Within(UnitActivity piece, AdministrativeUnit unit, DateOnly day)
    {
        var start = piece.Unit.ValidOn(day) ? piece.Unit.Code : (piece.Unit.Successors.Count > 0 ? piece.Unit.Successors[0] : null);
        for (var code = start; code is not null; code = _units.Units.FirstOrDefault(u => u.Code == code)?.Parent)
        {
            if (code == unit.Code)
            {
                return true;
            }
        }

        return false;
    }
}
