using Ioc.Core.Kpis;

namespace Ioc.Core.Units;

/// <summary>The newest value of one part of a measure (the series, the numerator or the denominator) for one unit.</summary>
/// <param name="Part">Index into <see cref="KpiMeasure.Parts"/>: 0 for the series or numerator, 1 for the denominator.</param>
/// <param name="Time">When the value was measured, Unix milliseconds.</param>
public readonly record struct UnitObservation(string Unit, int Part, double Value, double Time);

/// <summary>A unit's value of a measure as of a day, with the parts it was computed from and the units whose data it holds.</summary>
/// <param name="Numerator">For a ratio, the summed numerator (the summed count otherwise).</param>
/// <param name="Denominator">For a ratio, the summed denominator; null otherwise.</param>
/// <param name="Time">The newest time among the values used, Unix milliseconds; null without data.</param>
/// <param name="From">The other units (old ones, or the unit's parts) whose series make up the value.</param>
public sealed record UnitValue(AdministrativeUnit Unit, double? Value, double? Numerator, double? Denominator, double? Time, IReadOnlyList<string> From);

/// <summary>
/// Combines per-unit values of a measure into the units valid on a day at one level. A unit's value is, in order of
/// preference: its own series; else the series of the old units of its level that became it (a split unit's counts
/// times its share); else the sum over its children that day; else the old units below its level that ended into it
/// (an abolished district). Counts add up; a ratio is the summed numerator over the summed denominator, never a sum
/// or mean of ratios, so the province computed from new communes equals the one computed from the old ones.
/// </summary>
public sealed class UnitRollup
{
    private readonly UnitRegistry _registry;
    private readonly KpiMeasure _measure;
    private readonly DateOnly _day;
    private readonly int _parts;
    private readonly Dictionary<string, Sum> _own = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(AdministrativeUnit Old, double Share)>> _endedInto = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sum?> _memo = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The measure cannot be combined across units (<c>rollUp: none</c>).</exception>
    public UnitRollup(UnitRegistry registry, KpiMeasure measure, DateOnly day, IEnumerable<UnitObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(observations);
        if (!measure.CanRollUp)
        {
            throw new ArgumentException("the measure has rollUp: none: its values (a rate or a score) cannot be added up across units; give it a numerator and a denominator", nameof(measure));
        }

        _registry = registry;
        _measure = measure;
        _day = day;
        _parts = measure.IsRatio ? 2 : 1;
        foreach (var o in observations)
        {
            if (o.Part < 0 || o.Part >= _parts || double.IsNaN(o.Value))
            {
                continue;
            }

            if (!_own.TryGetValue(o.Unit, out var sum))
            {
                _own[o.Unit] = sum = new Sum(_parts);
            }

            sum.Add(o.Part, o.Value, o.Time);
        }

        foreach (var code in _own.Keys)
        {
            if (registry.Find(code) is not { } unit || unit.IsValidOn(day))
            {
                continue;
            }

            foreach (var (target, share) in registry.CurrentOf(code, day))
            {
                if (!_endedInto.TryGetValue(target, out var list))
                {
                    _endedInto[target] = list = [];
                }

                list.Add((unit, share));
            }
        }
    }

    /// <summary>Every unit valid on the day at <paramref name="level"/> (below <paramref name="parent"/> when given), with or without a value.</summary>
    public IReadOnlyList<UnitValue> At(UnitLevel level, string? parent = null) =>
        [.. _registry.AsOf(_day)
            .Where(u => u.Level == level && (parent is null || (u.Code != parent && _registry.IsWithin(u.Code, parent))))
            .Select(ValueOf)];

    /// <summary>One unit's value on the day.</summary>
    public UnitValue ValueOf(AdministrativeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (Combine(unit) is not { } sum)
        {
            return new UnitValue(unit, null, null, null, null, []);
        }

        var value = _measure.IsRatio ? _measure.Compute(sum.Parts[0], sum.Parts[1]) : sum.Parts[0];
        return new UnitValue(unit, value, sum.Parts[0], _measure.IsRatio ? sum.Parts[1] : null, sum.Time, [.. sum.From.Where(c => c != unit.Code).Order(StringComparer.Ordinal)]);
    }

    private Sum? Combine(AdministrativeUnit unit)
    {
        if (_memo.TryGetValue(unit.Code, out var known))
        {
            return known;
        }

        _memo[unit.Code] = null; // a parent cycle in a bad registry ends here
        var result = Own(unit) ?? Ended(unit, sameLevel: true) ?? Children(unit) ?? Ended(unit, sameLevel: false);
        _memo[unit.Code] = result;
        return result;
    }

    private Sum? Own(AdministrativeUnit unit) =>
        _own.TryGetValue(unit.Code, out var own) && own.Complete ? own.Scaled(1, unit.Code) : null;

    private Sum? Ended(AdministrativeUnit unit, bool sameLevel)
    {
        if (!_endedInto.TryGetValue(unit.Code, out var list))
        {
            return null;
        }

        Sum? total = null;
        foreach (var (old, share) in list.Where(e => (e.Old.Level == unit.Level) == sameLevel))
        {
            if (_own[old.Code] is { Complete: true } own)
            {
                total = (total ?? new Sum(_parts)).Plus(own.Scaled(share, old.Code));
            }
        }

        return total;
    }

    private Sum? Children(AdministrativeUnit unit)
    {
        Sum? total = null;
        foreach (var child in _registry.Children(unit.Code, _day))
        {
            if (Combine(child) is { } sum)
            {
                total = (total ?? new Sum(_parts)).Plus(sum.WithFrom(child.Code));
            }
        }

        return total;
    }

    /// <summary>Summed parts, the newest time, and the units they came from.</summary>
    private sealed class Sum(int parts)
    {
        private readonly bool[] _seen = new bool[parts];

        public double[] Parts { get; } = new double[parts];

        public double Time { get; private set; } = double.NegativeInfinity;

        public SortedSet<string> From { get; } = new(StringComparer.Ordinal);

        public bool Complete => _seen.All(s => s);

        public void Add(int part, double value, double time)
        {
            Parts[part] += value;
            _seen[part] = true;
            Time = Math.Max(Time, time);
        }

        public Sum Scaled(double share, string from)
        {
            var copy = new Sum(Parts.Length) { Time = Time };
            for (var i = 0; i < Parts.Length; i++)
            {
                copy.Parts[i] = Parts[i] * share;
                copy._seen[i] = true;
            }

            copy.From.Add(from);
            return copy;
        }

        public Sum WithFrom(string code)
        {
            var copy = Scaled(1, code);
            copy.From.UnionWith(From);
            return copy;
        }

        public Sum Plus(Sum other)
        {
            for (var i = 0; i < Parts.Length; i++)
            {
                Parts[i] += other.Parts[i];
                _seen[i] = true;
            }

            Time = Math.Max(Time, other.Time);
            From.UnionWith(other.From);
            return this;
        }
    }
}
