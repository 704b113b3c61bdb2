namespace Ioc.Simulator.Model;

/// <summary>
/// A count of events (records received, documents sent, payments…) as the integral of a rate: each local day
/// has a volume (working-day level × calendar factor × daily noise) spread over the day by a profile. Readings are
/// therefore monotonic within a day, year-to-date includes today, and neither depends on when or how often it is read.
/// </summary>
internal sealed class ActivityCounter
{
    private const double SlotJitter = 0.3;

    private readonly DeterministicNoise _noise;
    private readonly ulong _dayStream;
    private readonly ulong _slotStream;
    private readonly double _workingDayVolume;
    private readonly double _dayJitter;
    private readonly DailyProfile _profile;

    public ActivityCounter(DeterministicNoise noise, string name, double workingDayVolume, DailyProfile profile, double dayJitter = 0.12)
    {
        _noise = noise;
        _dayStream = DeterministicNoise.Stream(name + "/day");
        _slotStream = DeterministicNoise.Stream(name + "/slot");
        _workingDayVolume = workingDayVolume;
        _dayJitter = dayJitter;
        _profile = profile;
    }

    public double DayVolume(DateOnly day) =>
        _workingDayVolume * VietnamCalendar.ActivityFactor(day) * (1 + (_dayJitter * _noise.Symmetric(_dayStream, day.DayNumber)));

    /// <summary>Events so far today (local day).</summary>
    public double Today(DateTimeOffset at)
    {
        var day = VietnamCalendar.DayOf(at);
        return DayVolume(day) * _profile.ElapsedFraction(_noise, _slotStream, day, VietnamCalendar.TimeOfDay(at), SlotJitter);
    }

    /// <summary>Today and year-to-date, each event weighted by <paramref name="perDay"/> (e.g. the day's average fee) if given.</summary>
    public CounterReading Read(DateTimeOffset at, Func<DateOnly, double>? perDay = null)
    {
        var day = VietnamCalendar.DayOf(at);
        var today = Today(at) * (perDay?.Invoke(day) ?? 1);
        var before = 0.0;
        for (var d = new DateOnly(day.Year, 1, 1); d < day; d = d.AddDays(1))
        {
            before += DayVolume(d) * (perDay?.Invoke(d) ?? 1);
        }

        return new CounterReading(today, before + today);
    }

    /// <summary>Events between the start of <paramref name="anchor"/> and <paramref name="at"/>; negative before the anchor.</summary>
    public double SinceAnchor(DateTimeOffset at, DateOnly anchor)
    {
        var day = VietnamCalendar.DayOf(at);
        var sum = Today(at);
        for (var d = anchor; d < day; d = d.AddDays(1))
        {
            sum += DayVolume(d);
        }

        for (var d = day; d < anchor; d = d.AddDays(1))
        {
            sum -= DayVolume(d);
        }

        return sum;
    }
}

internal readonly record struct CounterReading(double Today, double YearToDate);
