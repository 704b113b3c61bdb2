namespace Ioc.Simulator.Model;

/// <summary>
/// The figures a province's systems would report at an instant. Every value is a function of (seed, instant)
/// only: counters integrate <see cref="ActivityCounter"/> rates, rates carry noise keyed by unit and time slot.
/// Province rows are the sums of their communes, computed from the same whole numbers the communes show.
/// </summary>
internal sealed class ProvinceSimulator
{
    private static readonly TimeSpan RateSlot = TimeSpan.FromMinutes(15);

    private readonly ProvinceProfile _province;
    private readonly DeterministicNoise _noise;
    private readonly CommuneModel[] _communes;
    private readonly DocumentLevelModel[] _documentLevels;
    private readonly ActivityCounter _payments;
    private readonly ulong _paymentFeeStream;

    public ProvinceSimulator(ProvinceProfile province, int seed)
    {
        _province = province;
        _noise = new DeterministicNoise(seed);
        _communes = [.. province.Communes.Select(c => new CommuneModel(c, province, _noise))];
        _documentLevels = [.. province.DocumentLevels.Select(l => new DocumentLevelModel(l, province.Code, _noise))];
        _payments = new ActivityCounter(_noise, $"{province.Code}/payments", province.PaymentsPerWorkingDay, DailyProfile.Online);
        _paymentFeeStream = DeterministicNoise.Stream($"{province.Code}/payments/fee");
    }

    public PortalServicesReport PortalServices(DateTimeOffset at)
    {
        var c = _province.Catalogue;
        return new(AsOf(at), new ProvinceRef(_province.Code, _province.Name), c.Total, c.FullOnline, c.PartialOnline, c.Other, c.OnNationalPortal);
    }

    public RecordsReport Records(DateTimeOffset at)
    {
        var communes = _communes.Select(c => c.Records(at)).ToList();
        var receivedYtd = communes.Sum(u => u.ReceivedYtd);
        var onlineYtd = communes.Sum(u => u.ReceivedOnlineYtd);
        var onTime = receivedYtd > 0
            ? communes.Sum(u => u.OnTimeRate * u.ReceivedYtd) / receivedYtd
            : communes.Average(u => u.OnTimeRate);
        var province = new UnitRecords(
            _province.Code,
            _province.Name,
            UnitLevel.Province,
            communes.Sum(u => u.ReceivedToday),
            communes.Sum(u => u.ReceivedOnlineToday),
            receivedYtd,
            onlineYtd,
            Percent(onlineYtd, receivedYtd, _province.Communes.Sum(c => c.RecordsShare * c.OnlineShare)),
            Round(onTime));
        return new(AsOf(at), [province, .. communes]);
    }

    public DocumentExchangeReport DocumentExchange(DateTimeOffset at) =>
        new(AsOf(at), [.. _documentLevels.Select(l => l.Read(at))]);

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
            _province.ProceduresWithOnlinePayment,
            _province.ProceduresWithFees);
    }

    public EidReport Eid(DateTimeOffset at)
    {
        var communes = _communes.Select(c => c.Eid(at)).ToList();
        var level1 = communes.Sum(u => u.Level1);
        var level2 = communes.Sum(u => u.Level2);
        var province = new UnitEid(_province.Code, _province.Name, UnitLevel.Province, level1, level2, Round(100.0 * (level1 + level2) / _province.Adults));
        return new(AsOf(at), [province, .. communes]);
    }

    // The fee mix shifts from day to day (land and vehicle fees are large, certificate copies small).
    private double AverageFee(DateOnly day) => _province.AveragePaymentVnd * (1 + (0.12 * _noise.Symmetric(_paymentFeeStream, day.DayNumber)));

    internal static long RateSlotOf(DateTimeOffset at) => at.UtcTicks / RateSlot.Ticks;

    internal static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    internal static double Percent(long part, long whole, double fallbackShare) =>
        Round(whole > 0 ? 100.0 * part / whole : 100.0 * fallbackShare);

    private static DateTimeOffset AsOf(DateTimeOffset at) => VietnamCalendar.ToLocal(at);

    private sealed class CommuneModel
    {
        private readonly CommuneProfile _commune;
        private readonly ProvinceProfile _province;
        private readonly DeterministicNoise _noise;
        private readonly ActivityCounter _online;
        private readonly ActivityCounter _atCounter;
        private readonly ActivityCounter _eidLevel2;
        private readonly ActivityCounter _eidLevel1;
        private readonly ulong _onTimeDayStream;
        private readonly ulong _onTimeSlotStream;

        public CommuneModel(CommuneProfile commune, ProvinceProfile province, DeterministicNoise noise)
        {
            _commune = commune;
            _province = province;
            _noise = noise;
            var records = province.RecordsPerWorkingDay * commune.RecordsShare;
            _online = new ActivityCounter(noise, $"{commune.Code}/records/online", records * commune.OnlineShare, DailyProfile.Online);
            _atCounter = new ActivityCounter(noise, $"{commune.Code}/records/counter", records * (1 - commune.OnlineShare), DailyProfile.Office);
            _eidLevel2 = new ActivityCounter(noise, $"{commune.Code}/eid/level2", province.EidLevel2PerWorkingDay * commune.AdultShare, DailyProfile.Office, dayJitter: 0.4);
            _eidLevel1 = new ActivityCounter(noise, $"{commune.Code}/eid/level1", province.EidLevel1PerWorkingDay * commune.AdultShare, DailyProfile.Online, dayJitter: 0.4);
            _onTimeDayStream = DeterministicNoise.Stream($"{commune.Code}/records/on-time/day");
            _onTimeSlotStream = DeterministicNoise.Stream($"{commune.Code}/records/on-time/slot");
        }

        public UnitRecords Records(DateTimeOffset at)
        {
            var online = _online.Read(at);
            var atCounter = _atCounter.Read(at);
            var onlineToday = (long)online.Today;
            var onlineYtd = (long)online.YearToDate;
            var receivedToday = onlineToday + (long)atCounter.Today;
            var receivedYtd = onlineYtd + (long)atCounter.YearToDate;
            var onTime = _commune.OnTimeRate
                + (0.35 * _noise.Symmetric(_onTimeDayStream, VietnamCalendar.DayOf(at).DayNumber))
                + (0.08 * _noise.Symmetric(_onTimeSlotStream, RateSlotOf(at)));
            return new(
                _commune.Code,
                _commune.Name,
                UnitLevel.Commune,
                receivedToday,
                onlineToday,
                receivedYtd,
                onlineYtd,
                Percent(onlineYtd, receivedYtd, _commune.OnlineShare),
                Round(Math.Clamp(onTime, 90, 99.9)));
        }

        public UnitEid Eid(DateTimeOffset at)
        {
            var adults = _province.Adults * _commune.AdultShare;
            var accounts = adults * _commune.EidCoverage;
            var level1 = Math.Max(0, (long)((accounts * _province.EidLevel1Share) + _eidLevel1.SinceAnchor(at, _province.EidAnchorDay)));
            var level2 = Math.Max(0, (long)((accounts * (1 - _province.EidLevel1Share)) + _eidLevel2.SinceAnchor(at, _province.EidAnchorDay)));
            return new(_commune.Code, _commune.Name, UnitLevel.Commune, level1, level2, Round(Math.Min(100, 100.0 * (level1 + level2) / adults)));
        }
    }

    private sealed class DocumentLevelModel
    {
        private readonly DocumentLevelProfile _level;
        private readonly DeterministicNoise _noise;
        private readonly ActivityCounter _sent;
        private readonly ActivityCounter _received;
        private readonly ulong _rateStream;

        public DocumentLevelModel(DocumentLevelProfile level, string provinceCode, DeterministicNoise noise)
        {
            _level = level;
            _noise = noise;
            _sent = new ActivityCounter(noise, $"{provinceCode}/edoc/{level.Level}/sent", level.SentPerWorkingDay, DailyProfile.Office);
            _received = new ActivityCounter(noise, $"{provinceCode}/edoc/{level.Level}/received", level.ReceivedPerWorkingDay, DailyProfile.Office);
            _rateStream = DeterministicNoise.Stream($"{provinceCode}/edoc/{level.Level}/rate");
        }

        public DocumentExchangeLevel Read(DateTimeOffset at)
        {
            var rate = _level.ElectronicRate + (0.25 * _noise.Symmetric(_rateStream, RateSlotOf(at)));
            return new(_level.Level, (long)_sent.Today(at), (long)_received.Today(at), Round(Math.Min(100, rate)));
        }
    }
}
