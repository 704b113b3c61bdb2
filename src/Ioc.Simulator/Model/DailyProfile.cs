namespace Ioc.Simulator.Model;

/// <summary>
/// How a day's activity spreads over its 96 quarter-hours (local time). Counters integrate this shape, so
/// "today" rises monotonically from 0 at midnight to the day's volume at the next midnight.
/// </summary>
internal sealed class DailyProfile
{
    public const int SlotsPerDay = 96;
    private static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(15);

    private readonly double[] _weights;

    private DailyProfile(Func<double, double> shapeByHour)
    {
        _weights = new double[SlotsPerDay];
        for (var i = 0; i < SlotsPerDay; i++)
        {
            _weights[i] = shapeByHour((i + 0.5) / 4);
        }
    }

    /// <summary>Counter service and paperwork: office hours 07:30–17:00 with a lunch dip, almost nothing at night.</summary>
    public static DailyProfile Office { get; } = new(hour => hour switch
    {
        < 6.5 => 0.01,
        < 7.5 => 0.25,
        < 8.5 => 0.85,
        < 10.5 => 1.15,
        < 11.5 => 0.95,
        < 13.5 => 0.2,
        < 16.5 => 0.9,
        < 17 => 0.55,
        < 18 => 0.12,
        _ => 0.02,
    });

    /// <summary>What citizens do online: office hours still lead, but evenings carry on and nights are low, not zero.</summary>
    public static DailyProfile Online { get; } = new(hour => hour switch
    {
        < 5 => 0.04,
        < 7 => 0.2,
        < 7.5 => 0.5,
        < 11.5 => 1.0,
        < 13.5 => 0.55,
        < 17 => 0.9,
        < 19 => 0.45,
        < 22 => 0.4,
        _ => 0.12,
    });

    /// <summary>Share of the day's volume reached at <paramref name="timeOfDay"/>, each quarter-hour jittered by the noise.</summary>
    public double ElapsedFraction(DeterministicNoise noise, ulong stream, DateOnly day, TimeSpan timeOfDay, double jitter)
    {
        var slot = Math.Clamp((int)(timeOfDay / SlotLength), 0, SlotsPerDay - 1);
        var withinSlot = Math.Clamp((timeOfDay - (slot * SlotLength)) / SlotLength, 0, 1);
        var firstSlot = (long)day.DayNumber * SlotsPerDay;
        double total = 0, elapsed = 0;
        for (var i = 0; i < SlotsPerDay; i++)
        {
            var weight = _weights[i] * (1 + (jitter * noise.Symmetric(stream, firstSlot + i)));
            if (i < slot)
            {
                elapsed += weight;
            }
            else if (i == slot)
            {
                elapsed += weight * withinSlot;
            }

            total += weight;
        }

        return elapsed / total;
    }
}
