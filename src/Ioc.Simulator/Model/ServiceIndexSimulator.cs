using Ioc.Simulator.Units;

namespace Ioc.Simulator.Model;

/// <summary>
/// What the national public-service portal counts for the national service index (Decision 766/QĐ-TTg), year to
/// date, for the province, each provincial agency and each commune valid that day (old communes before 2025-07-01,
/// the merged ones after; a merged commune's counts are the sums of the old communes it is made of). A function of
/// (seed, instant) like the rest of the simulator; every count is a whole number no larger than the count it is a
/// part of (settled ≤ received, on time ≤ settled…). The province row adds up its agencies' and communes' record
/// counts (each record is received either by an agency or at a commune); its procedure counts add up its agencies'
/// only, since every procedure is announced by one agency and the communes carry out the commune-level ones.
/// </summary>
internal sealed class ServiceIndexSimulator
{
    /// <summary>Commune-level procedures a commune carries out.</summary>
    private const int CommuneProcedures = 105;

    private const string AgencyLevel = "agency";

    private readonly ProvinceSimulator _province;
    private readonly DeterministicNoise _noise;
    private readonly List<(AgencyProfile Agency, ProcedureModel Procedures, RecordModel Records)> _agencies;
    private readonly Dictionary<string, RecordModel> _pieces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcedureModel> _communeProcedures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ServiceIndexSimulator(ProvinceSimulator province, int seed)
    {
        _province = province;
        _noise = new DeterministicNoise(seed);
        var profile = province.Profile;
        var agencies = ServiceIndexAgencies.For(profile.Code);
        var procedures = Split(profile.Catalogue.Total.Whole, [.. agencies.Select(a => a.ProcedureWeight)]);
        _agencies = [.. agencies.Select((a, i) =>
        {
            var traits = new Traits(a.FullOnline, a.PartialOnline, a.Online, a.OnTime, a.LegalDays, a.TimeRatio, a.Digitised, a.Reused, a.WithFees, a.PaidOnline, a.Satisfied);
            return (a, new ProcedureModel(a.Code, procedures[i], traits, _noise), new RecordModel(a.Code, a.RecordsPerWorkingDay, traits, _noise));
        })];
        var before = new DateTimeOffset(ProvinceSimulator.ReformDay.AddDays(-1).ToDateTime(new TimeOnly(12, 0)), VietnamCalendar.Offset);
        var after = new DateTimeOffset(ProvinceSimulator.ReformDay.ToDateTime(new TimeOnly(12, 0)), VietnamCalendar.Offset);
        foreach (var piece in province.RowsAt(before).Concat(province.RowsAt(after)).SelectMany(r => r.Pieces).Distinct())
        {
            _pieces.TryAdd(piece.Unit.Code, new RecordModel(piece.Unit.Code, profile.RecordsPerWorkingDay.Value * piece.RecordsShare, CommuneTraits(piece.Unit.Code, piece.OnlineShare), _noise));
        }
    }

    public static ServiceIndexSimulator For(ProvinceSimulator province, SimulatorOptions options) => new(province, options.Seed);

    public ServiceIndexInputsReport Read(DateTimeOffset at)
    {
        var day = VietnamCalendar.DayOf(at);
        var rows = _province.RowsAt(at);
        var pieces = _pieces.ToDictionary(p => p.Key, p => p.Value.Read(at, day), StringComparer.Ordinal);
        var agencies = _agencies.Select(a => ServiceIndexUnit.From(a.Agency.Code, a.Agency.NameOn(day), AgencyLevel, a.Procedures.Read(day), a.Records.Read(at, day))).ToList();
        var communes = rows.Where(r => r.Level == UnitLevels.Commune)
            .Select(r => ServiceIndexUnit.From(r.Code, r.Name, r.Level, CommuneProcedureModel(r.Code).Read(day), Sum(r.Pieces.Select(p => pieces[p.Unit.Code]))))
            .ToList();
        var province = rows.First(r => r.Level == UnitLevels.Province);
        var recordKeepers = agencies.Select(a => a.Records).Concat(province.Pieces.Select(p => pieces[p.Unit.Code]));
        var provinceRow = ServiceIndexUnit.From(province.Code, province.Name, UnitLevels.Province, Sum(agencies.Select(a => a.Procedures)), Sum(recordKeepers));
        return new(VietnamCalendar.ToLocal(at), new DateOnly(day.Year, 1, 1), [provinceRow, .. communes], agencies);
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

    private static long[] Sum(IEnumerable<long[]> counts)
    {
        long[]? total = null;
        foreach (var c in counts)
        {
            total ??= new long[c.Length];
            for (var i = 0; i < c.Length; i++)
            {
                total[i] += c[i];
            }
        }

        return total ?? [];
    }

    private ProcedureModel CommuneProcedureModel(string code)
    {
        lock (_gate)
        {
            if (!_communeProcedures.TryGetValue(code, out var model))
            {
                _communeProcedures[code] = model = new ProcedureModel(code, CommuneProcedures, CommuneTraits(code, 0.5), _noise);
            }

            return model;
        }
    }

    // Communes: the online share of the simulation's piece of territory; the rest spread around the province's level by code.
    private Traits CommuneTraits(string code, double online)
    {
        double Spread(string what, double level, double width) =>
            Math.Clamp(level + (width * _noise.Symmetric(DeterministicNoise.Stream($"{code}/index/{what}"), 0)), 0, 1);
        return new(
            Spread("full-online", 0.45, 0.10),
            Spread("partial-online", 0.40, 0.08),
            online,
            Spread("on-time", 0.975, 0.02),
            Spread("legal-days", 0.5, 0.5) * 10,
            Spread("time-ratio", 0.6, 0.15),
            Spread("digitised", 0.80, 0.12),
            Spread("reused", 0.22, 0.12),
            Spread("fees", 0.35, 0.10),
            Spread("paid-online", 0.55, 0.25),
            Spread("satisfied", 0.95, 0.04));
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

    // Rates improve by up to a small gain over a year (the reforms' intent), and wander a little week to week.
    private static double Rate(DeterministicNoise noise, string code, string what, DateOnly day, double level, double gain = 0.02) =>
        Math.Clamp(level + (gain * (day.DayOfYear / 366.0)) + (0.004 * noise.Symmetric(DeterministicNoise.Stream($"{code}/index/{what}"), day.DayNumber / 7)), 0, 1);

    private static long Part(long whole, double share) => (long)Math.Floor(whole * share);

    /// <summary>The procedures one agency announces, or one commune carries out: total, announced, published, full, partial, online.</summary>
    private sealed class ProcedureModel(string code, int procedures, Traits traits, DeterministicNoise noise)
    {
        public long[] Read(DateOnly day)
        {
            var full = Part(procedures, Rate(noise, code, "full-online", day, traits.FullOnline, 0.04));
            var partial = Math.Min(procedures - full, Part(procedures, Rate(noise, code, "partial-online", day, traits.PartialOnline, 0)));
            return [procedures, Part(procedures, Rate(noise, code, "announced", day, 0.96)), Part(procedures, Rate(noise, code, "published", day, 0.93)), full, partial, full + partial];
        }
    }

    /// <summary>Records of one agency or one piece of territory, year to date, in <see cref="ServiceIndexUnit.From"/>'s order.</summary>
    private sealed class RecordModel(string code, double recordsPerWorkingDay, Traits traits, DeterministicNoise noise)
    {
        private readonly ActivityCounter _received = new(noise, $"{code}/index/received", recordsPerWorkingDay, DailyProfile.Office);

        public long[] Read(DateTimeOffset at, DateOnly day)
        {
            var progress = day.DayOfYear / 366.0;
            var received = (long)_received.Read(at).YearToDate;
            var settled = Part(received, Rate(noise, code, "settled", day, 0.93, 0));
            var onTime = Part(settled, Rate(noise, code, "on-time", day, traits.OnTime, 0.005));
            var legalDays = (long)Math.Round(settled * traits.LegalDays);
            var settlementDays = (long)Math.Round(legalDays * Math.Clamp(traits.TimeRatio - (0.05 * progress), 0.2, 1.5));
            var digitised = Part(received, Rate(noise, code, "digitised", day, traits.Digitised));
            var withFees = Part(received, traits.WithFees);
            var ratings = Part(settled, Rate(noise, code, "rated", day, 0.12, 0));
            return
            [
                received,
                Part(received, Rate(noise, code, "synchronised", day, 0.95)),
                settled,
                onTime,
                settled - onTime,
                settlementDays,
                legalDays,
                digitised,
                Part(settled, Rate(noise, code, "results-digitised", day, Math.Min(1, traits.Digitised + 0.05))),
                Part(digitised, Rate(noise, code, "reused", day, traits.Reused, 0.05)),
                Part(received, Rate(noise, code, "online", day, traits.Online)),
                withFees,
                Part(withFees, Rate(noise, code, "paid-online", day, traits.PaidOnline, 0.04)),
                ratings,
                Part(ratings, Rate(noise, code, "satisfied", day, traits.Satisfied, 0.005)),
            ];
        }
    }
}
