using Ioc.Simulator.Units;

namespace Ioc.Simulator.Model;

/// <summary>
/// One commune as it was before 2025-07-01, the smallest piece of territory the simulation counts in. Every count
/// of a unit, before or after the reform, is the sum of its pieces' counts, so old units add up to the new ones
/// exactly and a roll-up through the mapping gives the same figures as the new units' own answers.
/// </summary>
internal sealed class UnitActivity
{
    private readonly ProvinceProfile _province;
    private readonly DeterministicNoise _noise;
    private readonly ActivityCounter _online;
    private readonly ActivityCounter _atCounter;
    private readonly ActivityCounter _eidLevel2;
    private readonly ActivityCounter _eidLevel1;
    private readonly ulong _onTimeDayStream;
    private readonly ulong _onTimeSlotStream;
    private readonly double _onTimeRate;

    public UnitActivity(AdministrativeUnit unit, CommuneTraits commune, double recordsShare, double adultShare, ProvinceProfile province, DeterministicNoise noise)
    {
        Unit = unit;
        _province = province;
        _noise = noise;
        RecordsShare = recordsShare;
        AdultShare = adultShare;
        // Neighbours merged into one commune differ a little; the spread is fixed by the unit's code, not the seed.
        OnlineShare = Math.Clamp(commune.OnlineShare + (0.03 * Spread(unit.Code, "online")), 0.05, 0.98);
        EidCoverage = Math.Clamp(commune.EidCoverage + (0.02 * Spread(unit.Code, "eid")), 0.3, 0.98);
        _onTimeRate = commune.OnTimeRate + (0.3 * Spread(unit.Code, "on-time"));
        var records = province.RecordsPerWorkingDay.Value * recordsShare;
        _online = new ActivityCounter(noise, $"{unit.Code}/records/online", records * OnlineShare, DailyProfile.Online);
        _atCounter = new ActivityCounter(noise, $"{unit.Code}/records/counter", records * (1 - OnlineShare), DailyProfile.Office);
        _eidLevel2 = new ActivityCounter(noise, $"{unit.Code}/eid/level2", province.EidLevel2PerWorkingDay * adultShare, DailyProfile.Office, dayJitter: 0.4);
        _eidLevel1 = new ActivityCounter(noise, $"{unit.Code}/eid/level1", province.EidLevel1PerWorkingDay * adultShare, DailyProfile.Online, dayJitter: 0.4);
        _onTimeDayStream = DeterministicNoise.Stream($"{unit.Code}/records/on-time/day");
        _onTimeSlotStream = DeterministicNoise.Stream($"{unit.Code}/records/on-time/slot");
    }

    public AdministrativeUnit Unit { get; }

    /// <summary>Share of the province's records received here.</summary>
    public double RecordsShare { get; }

    /// <summary>Share of the province's adults, households, villages and BTS stations here.</summary>
    public double AdultShare { get; }

    public double OnlineShare { get; }

    public double EidCoverage { get; }

    public RecordCounts Records(DateTimeOffset at)
    {
        var online = _online.Read(at);
        var atCounter = _atCounter.Read(at);
        var onTime = _onTimeRate
            + (0.35 * _noise.Symmetric(_onTimeDayStream, VietnamCalendar.DayOf(at).DayNumber))
            + (0.08 * _noise.Symmetric(_onTimeSlotStream, ProvinceSimulator.RateSlotOf(at)));
        return new(
            (long)online.Today,
            (long)atCounter.Today,
            (long)online.YearToDate,
            (long)atCounter.YearToDate,
            Math.Clamp(onTime, 90, 99.9));
    }

    public (long Level1, long Level2, double Adults) Eid(DateTimeOffset at)
    {
        var adults = _province.Adults.Value * AdultShare;
        var accounts = adults * EidCoverage;
        var level1Share = _province.EidLevel1Share.Value;
        var level1 = Math.Max(0, (long)((accounts * level1Share) + _eidLevel1.SinceAnchor(at, _province.EidAnchorDay)));
        var level2 = Math.Max(0, (long)((accounts * (1 - level1Share)) + _eidLevel2.SinceAnchor(at, _province.EidAnchorDay)));
        return (level1, level2, adults);
    }

    /// <summary>In [-1, 1), a pure function of the code.</summary>
    private static double Spread(string code, string trait) =>
        ((DeterministicNoise.Stream($"{code}/{trait}/spread") % 2000) / 1000.0) - 1;
}

/// <summary>Records received online and at the counter, today and year to date, and the on-time rate.</summary>
internal readonly record struct RecordCounts(long OnlineToday, long CounterToday, long OnlineYtd, long CounterYtd, double OnTimeRate)
{
    public long ReceivedToday => OnlineToday + CounterToday;

    public long ReceivedYtd => OnlineYtd + CounterYtd;
}
