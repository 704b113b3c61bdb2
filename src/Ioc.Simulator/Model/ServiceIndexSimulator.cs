namespace Ioc.Simulator.Model;

/// <summary>
/// What the national public-service portal counts for the national service index (Decision 766/QĐ-TTg), year to
/// date, for the province, each provincial agency and each commune. A function of (seed, instant) like the rest of
/// the simulator; every count is a whole number no larger than the count it is a part of (settled ≤ received,
/// on time ≤ settled…). The province row adds up its agencies' and communes' record counts (each record is received
/// either by an agency or at a commune); its procedure counts add up its agencies' only, since every procedure is
/// announced by one agency and the communes carry out the commune-level ones they are given.
/// </summary>
internal sealed class ServiceIndexSimulator
{
    /// <summary>Commune-level procedures a commune carries out.</summary>
    private const int CommuneProcedures = 105;

    private readonly ProvinceProfile _province;
    private readonly DeterministicNoise _noise;
    private readonly List<UnitModel> _agencies;
    private readonly List<UnitModel> _communes;

    public ServiceIndexSimulator(ProvinceProfile province, int seed)
    {
        _province = province;
        _noise = new DeterministicNoise(seed);
        var agencies = ServiceIndexAgencies.For(province.Code);
        var procedures = Split(province.Catalogue.Total, agencies.Select(a => a.ProcedureWeight).ToList());
        _agencies = [.. agencies.Select((a, i) => new UnitModel(a.Code, a.NameOn, UnitLevels.Agency, procedures[i], AgencyTraits(a), a.RecordsPerWorkingDay, _noise))];
        _communes = [.. province.Communes.Select(c => new UnitModel(c.Code, _ => c.Name, UnitLevel.Commune, CommuneProcedures, CommuneTraits(c), province.RecordsPerWorkingDay * c.RecordsShare, _noise))];
    }

    public static ServiceIndexSimulator For(SimulatorOptions options) =>
        new(ProvinceProfiles.Find(options.Province) ?? ProvinceProfiles.HaTinh, options.Seed);

    public ServiceIndexInputsReport Read(DateTimeOffset at)
    {
        var day = VietnamCalendar.DayOf(at);
        var agencies = _agencies.Select(a => a.Read(at, day)).ToList();
        var communes = _communes.Select(c => c.Read(at, day)).ToList();
        var records = agencies.Concat(communes).ToList();
        var province = new ServiceIndexUnit(
            _province.Code,
            _province.Name,
            UnitLevel.Province,
            agencies.Sum(u => u.ProceduresTotal),
            agencies.Sum(u => u.ProceduresAnnouncedOnTime),
            agencies.Sum(u => u.ProceduresPublishedComplete),
            agencies.Sum(u => u.ProceduresOnlineFull),
            agencies.Sum(u => u.ProceduresOnlinePartial),
            agencies.Sum(u => u.ProceduresOnline),
            records.Sum(u => u.RecordsReceived),
            records.Sum(u => u.RecordsSynchronised),
            records.Sum(u => u.RecordsSettled),
            records.Sum(u => u.RecordsSettledOnTime),
            records.Sum(u => u.RecordsSettledLate),
            records.Sum(u => u.SettlementDays),
            records.Sum(u => u.LegalDays),
            records.Sum(u => u.RecordsDigitised),
            records.Sum(u => u.ResultsDigitised),
            records.Sum(u => u.DigitisedReused),
            records.Sum(u => u.RecordsOnline),
            records.Sum(u => u.RecordsWithFees),
            records.Sum(u => u.RecordsPaidOnline),
            records.Sum(u => u.Ratings),
            records.Sum(u => u.RatingsSatisfied));
        return new(VietnamCalendar.ToLocal(at), new DateOnly(day.Year, 1, 1), [province, .. communes], agencies);
    }

    private static Traits AgencyTraits(AgencyProfile a) =>
        new(a.FullOnline, a.PartialOnline, a.Online, a.OnTime, a.LegalDays, a.TimeRatio, a.Digitised, a.Reused, a.WithFees, a.PaidOnline, a.Satisfied);

    // Communes: online share and on-time rate from the province profile; the rest spread around the province's level by commune.
    private Traits CommuneTraits(CommuneProfile c)
    {
        double Spread(string what, double level, double width) =>
            Math.Clamp(level + (width * _noise.Symmetric(DeterministicNoise.Stream($"{c.Code}/index/{what}"), 0)), 0, 1);
        return new(
            Spread("full-online", 0.45, 0.10),
            Spread("partial-online", 0.40, 0.08),
            c.OnlineShare,
            c.OnTimeRate / 100,
            Spread("legal-days", 0.5, 0.5) * 10,
            Spread("time-ratio", 0.6, 0.15),
            Spread("digitised", 0.80, 0.12),
            Spread("reused", 0.22, 0.12),
            Spread("fees", 0.35, 0.10),
            Spread("paid-online", 0.55, 0.25),
            Spread("satisfied", 0.95, 0.04));
    }

    /// <summary>Splits a whole into whole parts by weight, largest remainders first, so the parts add up to it exactly.</summary>
    internal static int[] Split(int whole, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => whole * w / sum).ToArray();
        var parts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in exact.Select((e, i) => (Remainder: e - Math.Floor(e), i)).OrderByDescending(x => x.Remainder).Take(whole - parts.Sum()).Select(x => x.i))
        {
            parts[i]++;
        }

        return parts;
    }

    private sealed record Traits(
        double FullOnline,
        double PartialOnline,
        double Online,
        double OnTime,
        double LegalDays,
        double TimeRatio,
        double Digitised,
        double Reused,
        double WithFees,
        double PaidOnline,
        double Satisfied);

    private sealed class UnitModel
    {
        // Rates improve by up to this much over a year (the reforms' intent), and wander a little week to week.
        private const double YearlyGain = 0.02;
        private const double WeeklyWander = 0.004;

        private readonly string _code;
        private readonly Func<DateOnly, string> _name;
        private readonly string _level;
        private readonly int _procedures;
        private readonly Traits _traits;
        private readonly DeterministicNoise _noise;
        private readonly ActivityCounter _received;

        public UnitModel(string code, Func<DateOnly, string> name, string level, int procedures, Traits traits, double recordsPerWorkingDay, DeterministicNoise noise)
        {
            _code = code;
            _name = name;
            _level = level;
            _procedures = procedures;
            _traits = traits;
            _noise = noise;
            _received = new ActivityCounter(noise, $"{code}/index/received", recordsPerWorkingDay, DailyProfile.Office);
        }

        public ServiceIndexUnit Read(DateTimeOffset at, DateOnly day)
        {
            var week = day.DayNumber / 7;
            var progress = day.DayOfYear / 366.0;
            double Rate(string what, double level, double gain = YearlyGain) =>
                Math.Clamp(level + (gain * progress) + (WeeklyWander * _noise.Symmetric(DeterministicNoise.Stream($"{_code}/index/{what}"), week)), 0, 1);
            long Part(long whole, double share) => (long)Math.Floor(whole * share);

            var full = Part(_procedures, Rate("full-online", _traits.FullOnline, 0.04));
            var partial = Math.Min(_procedures - full, Part(_procedures, Rate("partial-online", _traits.PartialOnline, 0)));
            var received = (long)_received.Read(at).YearToDate;
            var settled = Part(received, Rate("settled", 0.93, 0));
            var onTime = Part(settled, Rate("on-time", _traits.OnTime, 0.005));
            var legalDays = (long)Math.Round(settled * _traits.LegalDays);
            var settlementDays = (long)Math.Round(legalDays * Math.Clamp(_traits.TimeRatio - (0.05 * progress), 0.2, 1.5));
            var digitised = Part(received, Rate("digitised", _traits.Digitised));
            var withFees = Part(received, _traits.WithFees);
            var ratings = Part(settled, Rate("rated", 0.12, 0));
            return new(
                _code,
                _name(day),
                _level,
                _procedures,
                Part(_procedures, Rate("announced", 0.96)),
                Part(_procedures, Rate("published", 0.93)),
                full,
                partial,
                full + partial,
                received,
                Part(received, Rate("synchronised", 0.95)),
                settled,
                onTime,
                settled - onTime,
                settlementDays,
                legalDays,
                digitised,
                Part(settled, Rate("results-digitised", Math.Min(1, _traits.Digitised + 0.05))),
                Part(digitised, Rate("reused", _traits.Reused, 0.05)),
                Part(received, Rate("online", _traits.Online)),
                withFees,
                Part(withFees, Rate("paid-online", _traits.PaidOnline, 0.04)),
                ratings,
                Part(ratings, Rate("satisfied", _traits.Satisfied, 0.005)));
        }
    }
}

internal static class UnitLevels
{
    public const string Agency = "agency";
}
