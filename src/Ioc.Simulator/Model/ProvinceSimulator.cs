using Ioc.Simulator.Units;

namespace Ioc.Simulator.Model;

/// <summary>
/// The figures a province's systems would report at an instant. Every value is a function of (seed, instant)
/// only: counters integrate <see cref="ActivityCounter"/> rates, rates carry noise keyed by unit and time slot.
/// Units are those of the province's units file valid on the day; every unit's counts are the sums of the pieces
/// of territory it is made of, so a province equals its communes, and old communes add up to the new ones.
/// </summary>
internal sealed partial class ProvinceSimulator
{
    /// <summary>The two-tier reform: districts abolished, communes merged, 63 provinces to 34.</summary>
    public static readonly DateOnly ReformDay = new(2025, 7, 1);

    private static readonly TimeSpan RateSlot = TimeSpan.FromMinutes(15);

    private readonly ProvinceProfile _province;
    private readonly DeterministicNoise _noise;
    private readonly UnitActivity[] _pieces;
    private readonly UnitRows _rows;
    private readonly DocumentLevelModel[] _documentLevels;
    private readonly ActivityCounter _payments;
    private readonly ulong _paymentFeeStream;

    public ProvinceSimulator(ProvinceProfile province, int seed)
    {
        _province = province;
        _noise = new DeterministicNoise(seed);
        Units = ProvinceUnitsFile.Load(province.UnitsFile);
        _pieces = Pieces(province, Units, _noise);
        _rows = new UnitRows(Units, _pieces);
        _documentLevels = [.. province.DocumentLevels.Select(l => new DocumentLevelModel(l, province, _noise))];
        _payments = new ActivityCounter(_noise, $"{province.Code}/payments", province.PaymentsPerWorkingDay.Value, DailyProfile.Online);
        _paymentFeeStream = DeterministicNoise.Stream($"{province.Code}/payments/fee");
    }

    public ProvinceProfile Profile => _province;

    public ProvinceUnits Units { get; }

    /// <summary>The units reported on the local day of <paramref name="at"/>, provinces first.</summary>
    public IReadOnlyList<UnitRow> RowsAt(DateTimeOffset at) => _rows.On(VietnamCalendar.DayOf(at));

    public PortalServicesReport PortalServices(DateTimeOffset at)
    {
        var c = _province.Catalogue;
        return new(AsOf(at), ProvinceAt(at), c.Total.Whole, c.FullOnline.Whole, c.PartialOnline.Whole, c.Other.Whole, c.OnNationalPortal.Whole);
    }

    public RecordsReport Records(DateTimeOffset at)
    {
        var counts = _pieces.ToDictionary(p => p, p => p.Records(at));
        return new(AsOf(at), [.. RowsAt(at).Select(row => RecordsOf(row, counts))]);
    }

    public DocumentExchangeReport DocumentExchange(DateTimeOffset at)
    {
        var afterReform = VietnamCalendar.DayOf(at) >= ReformDay;
        return new(AsOf(at), [.. _documentLevels.Where(l => !afterReform || l.Level != UnitLevels.District).Select(l => l.Read(at, afterReform))]);
    }

    public PaymentsReport Payments(DateTimeOffset at)
    {
        var transactions = _payments.Read(at);
        var amount = _payments.Read(at, AverageFee);
        return new(
            AsOf(at),
            (long)transactions.Today,
            (long)amount.Today,
            (long)transactions.YearToDate,
            (long)amount.YearToDate,
            _province.ProceduresWithOnlinePayment.Whole,
            _province.ProceduresWithFees.Whole);
    }

    public EidReport Eid(DateTimeOffset at)
    {
        var counts = _pieces.ToDictionary(p => p, p => p.Eid(at));
        return new(AsOf(at), [.. RowsAt(at).Select(row =>
        {
            var level1 = row.Pieces.Sum(p => counts[p].Level1);
            var level2 = row.Pieces.Sum(p => counts[p].Level2);
            var adults = row.Pieces.Sum(p => counts[p].Adults);
            return new UnitEid(row.Code, row.Name, row.Level, level1, level2, Round(Math.Min(100, 100.0 * (level1 + level2) / adults)));
        })]);
    }

    public ProfileReport ProfileReport() => new(
        _province.Code,
        _province.Name,
        $"units/{_province.UnitsFile}.yaml",
        Units.Source,
        [.. _province.Figures().Select(f => new ProfileFigure(f.Key, f.Figure.Value, f.Figure.IsReported ? "reported" : "illustrative", f.Figure.Basis))]);

    private static UnitRecords RecordsOf(UnitRow row, Dictionary<UnitActivity, RecordCounts> counts)
    {
        var parts = row.Pieces.Select(p => counts[p]).ToList();
        var receivedYtd = parts.Sum(c => c.ReceivedYtd);
        var onlineYtd = parts.Sum(c => c.OnlineYtd);
        var onTime = receivedYtd > 0 ? parts.Sum(c => c.OnTimeRate * c.ReceivedYtd) / receivedYtd : parts.Average(c => c.OnTimeRate);
        var fallback = row.Pieces.Sum(p => p.RecordsShare * p.OnlineShare) / row.Pieces.Sum(p => p.RecordsShare);
        return new(
            row.Code,
            row.Name,
            row.Level,
            parts.Sum(c => c.ReceivedToday),
            parts.Sum(c => c.OnlineToday),
            receivedYtd,
            onlineYtd,
            Percent(onlineYtd, receivedYtd, fallback),
            Round(onTime));
    }

    private ProvinceRef ProvinceAt(DateTimeOffset at) => new(_province.Code, RowsAt(at)[0].Name);

    // The fee mix shifts from day to day (land and vehicle fees are large, certificate copies small).
    private double AverageFee(DateOnly day) => _province.AveragePaymentVnd.Value * (1 + (0.12 * _noise.Symmetric(_paymentFeeStream, day.DayNumber)));

    /// <summary>
    /// The old communes, each given its share of the new commune it went to (a fixed spread by code, so neighbours
    /// differ), the new commune's traits and the province's shares normalised over the modelled communes.
    /// </summary>
    private static UnitActivity[] Pieces(ProvinceProfile province, ProvinceUnits units, DeterministicNoise noise)
    {
        var traits = province.Communes.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var current = units.Units.Where(u => u.Level == UnitLevels.Commune && u.ValidOn(ReformDay)).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        if (!current.SetEquals(traits.Keys))
        {
            throw new InvalidOperationException(
                $"units/{province.UnitsFile}.yaml and profile {province.Code} disagree on the current communes: file only {string.Join(", ", current.Except(traits.Keys))}; profile only {string.Join(", ", traits.Keys.Except(current))}");
        }

        var recordsTotal = province.Communes.Sum(c => c.RecordsShare);
        var adultsTotal = province.Communes.Sum(c => c.AdultShare);
        var old = units.Units.Where(u => u.Level == UnitLevels.Commune && u.ValidTo == ReformDay).ToList();
        var pieces = new List<UnitActivity>();
        foreach (var group in old.GroupBy(u => u.Successors.Single()))
        {
            var commune = traits[group.Key];
            var weights = group.Select(u => 1 + (0.6 * ((DeterministicNoise.Stream(u.Code + "/weight") % 1000) / 1000.0))).ToList();
            var sum = weights.Sum();
            pieces.AddRange(group.Select((u, i) => new UnitActivity(
                u,
                commune,
                commune.RecordsShare / recordsTotal * weights[i] / sum,
                commune.AdultShare / adultsTotal * weights[i] / sum,
                province,
                noise)));
        }

        return [.. pieces];
    }

    internal static long RateSlotOf(DateTimeOffset at) => at.UtcTicks / RateSlot.Ticks;

    internal static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    internal static double Percent(long part, long whole, double fallbackShare) =>
        Round(whole > 0 ? 100.0 * part / whole : 100.0 * fallbackShare);

    private static DateTimeOffset AsOf(DateTimeOffset at) => VietnamCalendar.ToLocal(at);

    private sealed class DocumentLevelModel
    {
        private readonly DocumentLevelProfile _level;
        private readonly DeterministicNoise _noise;
        private readonly ActivityCounter _sent;
        private readonly ActivityCounter _received;
        private readonly ulong _rateStream;
        private readonly ulong _signedStream;
        private readonly double _signedRate;
        private readonly double _afterReformFactor;

        public DocumentLevelModel(DocumentLevelProfile level, ProvinceProfile province, DeterministicNoise noise)
        {
            _level = level;
            _noise = noise;
            _sent = new ActivityCounter(noise, $"{province.Code}/edoc/{level.Level}/sent", level.SentPerWorkingDay, DailyProfile.Office);
            _received = new ActivityCounter(noise, $"{province.Code}/edoc/{level.Level}/received", level.ReceivedPerWorkingDay, DailyProfile.Office);
            _rateStream = DeterministicNoise.Stream($"{province.Code}/edoc/{level.Level}/rate");
            _signedStream = DeterministicNoise.Stream($"{province.Code}/edoc/{level.Level}/signed");
            _signedRate = province.DocumentSignedRate.Value;
            // Without districts, their correspondence moves half to the province and half to the communes.
            var district = province.DocumentLevels.FirstOrDefault(l => l.Level == UnitLevels.District);
            _afterReformFactor = district is null || level.Level == UnitLevels.District ? 1 : 1 + (0.5 * district.SentPerWorkingDay / level.SentPerWorkingDay);
        }

        public string Level => _level.Level;

        public DocumentExchangeLevel Read(DateTimeOffset at, bool afterReform)
        {
            var factor = afterReform ? _afterReformFactor : 1;
            var rate = Math.Min(100, _level.ElectronicRate.Value + (0.25 * _noise.Symmetric(_rateStream, RateSlotOf(at))));
            var signedRate = Math.Min(100, _signedRate + (0.3 * _noise.Symmetric(_signedStream, RateSlotOf(at))));
            var sent = (long)(_sent.Today(at) * factor);
            var electronic = (long)(sent * rate / 100);
            var signed = (long)(electronic * signedRate / 100);
            return new(_level.Level, sent, (long)(_received.Today(at) * factor), Round(rate), electronic, signed, Round(signedRate));
        }
    }
}
