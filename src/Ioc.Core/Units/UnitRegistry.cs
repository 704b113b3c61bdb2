namespace Ioc.Core.Units;

/// <summary>
/// The administrative units of every loaded file, old and current, and the questions asked of them: which units
/// exist on a day, and which of them an old unit's data now belongs to.
/// </summary>
public sealed class UnitRegistry
{
    private readonly Dictionary<string, AdministrativeUnit> _byCode;
    private readonly Dictionary<string, List<AdministrativeUnit>> _children;
    private readonly Dictionary<string, List<AdministrativeUnit>> _predecessors;

    /// <param name="files">Validated files (<see cref="UnitsLoader"/>).</param>
    public UnitRegistry(IReadOnlyList<UnitsFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        _byCode = files.SelectMany(f => f.Units).ToDictionary(u => u.Code, StringComparer.Ordinal);
        _children = new(StringComparer.Ordinal);
        _predecessors = new(StringComparer.Ordinal);
        foreach (var unit in _byCode.Values)
        {
            if (unit.Parent is { } parent)
            {
                Add(_children, parent, unit);
            }

            foreach (var successor in unit.Successors)
            {
                Add(_predecessors, successor.Code, unit);
            }
        }
    }

    public IReadOnlyList<UnitsFile> Files { get; }

    public IEnumerable<AdministrativeUnit> All => _byCode.Values;

    public int Count => _byCode.Count;

    public AdministrativeUnit? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code);

    /// <summary>The units valid on <paramref name="day"/>, province first, then by level and code.</summary>
    public IReadOnlyList<AdministrativeUnit> AsOf(DateOnly day) =>
        [.. _byCode.Values.Where(u => u.IsValidOn(day)).OrderBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)];

    /// <summary>The units directly under <paramref name="code"/> on <paramref name="day"/>.</summary>
    public IReadOnlyList<AdministrativeUnit> Children(string code, DateOnly day) =>
        _children.TryGetValue(code, out var list) ? [.. list.Where(u => u.IsValidOn(day)).OrderBy(u => u.Code, StringComparer.Ordinal)] : [];

    /// <summary>The units that ended into <paramref name="code"/> (merged or split into it).</summary>
    public IReadOnlyList<AdministrativeUnit> Predecessors(string code) =>
        _predecessors.TryGetValue(code, out var list) ? [.. list.OrderBy(u => u.Code, StringComparer.Ordinal)] : [];

    /// <summary>The unit and its parents up to its province, the province first.</summary>
    public IReadOnlyList<AdministrativeUnit> Ancestry(string code)
    {
        var chain = new List<AdministrativeUnit>();
        for (var unit = Find(code); unit is not null && chain.Count <= 3; unit = Find(unit.Parent))
        {
            chain.Insert(0, unit);
        }

        return chain;
    }

    /// <summary>The province a unit lies in (itself for a province), following parents.</summary>
    public AdministrativeUnit? Province(string code) => Ancestry(code).FirstOrDefault(u => u.Level == UnitLevel.Province);

    /// <summary>
    /// The province unit of the file written for a province profile (<c>HT</c>, <c>VP</c>) valid on
    /// <paramref name="day"/>: Vĩnh Phúc's file answers Phú Thọ after 2025-07-01.
    /// </summary>
    public AdministrativeUnit? ProvinceOf(string profile, DateOnly day)
    {
        var file = Files.FirstOrDefault(f => string.Equals(f.Province, profile, StringComparison.OrdinalIgnoreCase));
        var province = file?.Units.FirstOrDefault(u => u.Level == UnitLevel.Province && u.IsValidOn(day));
        if (province is not null || file is null)
        {
            return province;
        }

        // A file may list only the old province; its data lives on in its successor.
        var old = file.Units.FirstOrDefault(u => u.Level == UnitLevel.Province);
        return old is null ? null : CurrentOf(old.Code, day).Select(c => Find(c.Code)).FirstOrDefault(u => u?.Level == UnitLevel.Province);
    }

    /// <summary>Whether <paramref name="code"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsWithin(string code, string ancestor) => Ancestry(code).Any(u => u.Code == ancestor);

    /// <summary>
    /// The units valid on <paramref name="day"/> that the data of unit <paramref name="code"/> belongs to, each with
    /// the share of its counts: itself while it is valid; after it ends, its successors (shares multiplied along the
    /// chain), or its parent when it has none (an abolished district's data goes to its province). Empty for a unit
    /// not yet created on that day or not known.
    /// </summary>
    public IReadOnlyList<UnitShare> CurrentOf(string code, DateOnly day)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        Follow(code, day, 1, result, depth: 0);
        return [.. result.Select(r => new UnitShare(r.Key, r.Value)).OrderBy(r => r.Code, StringComparer.Ordinal)];
    }

    private void Follow(string code, DateOnly day, double share, Dictionary<string, double> result, int depth)
    {
        // Validation makes every chain move forward in time or up a level; the depth bound keeps a bad registry finite.
        if (depth > 32 || Find(code) is not { } unit || day < unit.ValidFrom)
        {
            return;
        }

        if (unit.IsValidOn(day))
        {
            result[code] = result.GetValueOrDefault(code) + share;
            return;
        }

        if (unit.Successors.Count > 0)
        {
            foreach (var successor in unit.Successors)
            {
                Follow(successor.Code, day, share * successor.Weight, result, depth + 1);
            }
        }
        else if (unit.Parent is { } parent)
        {
            Follow(parent, day, share, result, depth + 1);
        }
    }

    private static void Add(Dictionary<string, List<AdministrativeUnit>> map, string key, AdministrativeUnit unit)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(unit);
    }
}

/// <summary>A unit code and the share of another unit's counts that belongs to it.</summary>
public readonly record struct UnitShare(string Code, double Share);
