namespace Ioc.Simulator.Model;

// The KPI groups that change by the day or the year rather than by the minute: records by sector, signatures,
// security approvals, telecom infrastructure and the yearly indices.
internal sealed partial class ProvinceSimulator
{
    private const double DaysPerYear = 365.25;

    /// <summary>
    /// Each unit's records split over the sectors: online and counter records separately, by each sector's weight
    /// in them, so the sectors add up exactly to the unit's own figures and a sector's online share follows its profile.
    /// </summary>
    public RecordsBySectorReport RecordsBySector(DateTimeOffset at)
    {
        var sectors = _province.Sectors;
        var onlineWeights = sectors.Select(s => s.RecordsShare * s.OnlineShare.Value / 100).ToArray();
        var counterWeights = sectors.Select(s => s.RecordsShare * (1 - (s.OnlineShare.Value / 100))).ToArray();
        var bySector = _pieces.ToDictionary(p => p, p =>
        {
            var c = p.Records(at);
            return (
                OnlineToday: Split(c.OnlineToday, onlineWeights),
                CounterToday: Split(c.CounterToday, counterWeights),
                OnlineYtd: Split(c.OnlineYtd, onlineWeights),
                CounterYtd: Split(c.CounterYtd, counterWeights));
        });
        var items = new List<UnitSectorRecords>();
        foreach (var row in RowsAt(at))
        {
            for (var s = 0; s < sectors.Count; s++)
            {
                var onlineToday = row.Pieces.Sum(p => bySector[p].OnlineToday[s]);
                var onlineYtd = row.Pieces.Sum(p => bySector[p].OnlineYtd[s]);
                var receivedYtd = onlineYtd + row.Pieces.Sum(p => bySector[p].CounterYtd[s]);
                items.Add(new(
                    row.Code,
                    row.Name,
                    row.Level,
                    sectors[s].Code,
                    sectors[s].Name,
                    onlineToday + row.Pieces.Sum(p => bySector[p].CounterToday[s]),
                    onlineToday,
                    receivedYtd,
                    onlineYtd,
                    Percent(onlineYtd, receivedYtd, sectors[s].OnlineShare.Value / 100)));
            }
        }

        return new(AsOf(at), items);
    }

    public SignaturesReport Signatures(DateTimeOffset at)
    {
        var s = _province.Signatures;
        var years = YearsSince(at, s.AnchorDay);
        return new(
            AsOf(at),
            ProvinceAt(at),
            Math.Max(0, (int)(s.Certificates.Value + (s.CertificatesPerYear * years))),
            s.Agencies.Whole,
            Math.Max(0, (int)(s.PkiSims.Value + (s.PkiSims.Value * 0.08 * years))),
            Math.Max(0, (int)(s.PublicSignatures.Value + (s.PublicSignaturesPerYear * years))));
    }

    public SecurityApprovalsReport SecurityApprovals(DateTimeOffset at)
    {
        var s = _province.Security;
        var days = VietnamCalendar.DayOf(at).DayNumber - s.AnchorDay.DayNumber;
        var approved = Math.Clamp(s.Approved.Whole + (int)Math.Floor(days / (double)s.DaysPerApproval), 0, s.Systems.Whole);
        return new(AsOf(at), ProvinceAt(at), s.Systems.Whole, approved, Round(100.0 * approved / s.Systems.Whole), s.TargetRate.Value);
    }

    /// <summary>Villages, BTS and households, spread over the units by their share of the population; the gaps close slowly.</summary>
    public InfrastructureReport Infrastructure(DateTimeOffset at)
    {
        var p = _province.Infrastructure;
        var years = YearsSince(at, p.AnchorDay);
        var villages = p.Villages.Whole;
        var uncovered = Math.Max(0, (long)Math.Round((villages - p.VillagesWithBroadband.Value) * Math.Pow(0.75, years)));
        var bts = (long)(p.BtsStations.Value + (p.BtsNewPerYear.Value * years));
        var households = (long)(p.Households.Value * (1 + (0.01 * years)));
        var householdRate = Math.Min(98, p.HouseholdBroadbandRate.Value + (1.5 * years));
        var withBroadband = (long)(households * householdRate / 100);

        var weights = _pieces.Select(piece => piece.AdultShare).ToArray();
        var villageSplit = Split(villages, weights);
        var uncoveredSplit = Split(uncovered, weights);
        var btsSplit = Split(bts, weights);
        var householdSplit = Split(households, weights);
        var withSplit = Split(withBroadband, weights);
        var index = _pieces.Select((piece, i) => (piece, i)).ToDictionary(x => x.piece, x => x.i);

        var units = RowsAt(at).Select(row =>
        {
            long Sum(long[] split) => row.Pieces.Sum(piece => split[index[piece]]);
            var v = Sum(villageSplit);
            var covered = v - Math.Min(v, Sum(uncoveredSplit));
            var h = Sum(householdSplit);
            var hb = Math.Min(h, Sum(withSplit));
            return new UnitInfrastructure(row.Code, row.Name, row.Level, v, covered, Percent(covered, v, 0), Sum(btsSplit), h, hb, Percent(hb, h, 0));
        }).ToList();

        var day = VietnamCalendar.DayOf(at);
        var yearStart = new DateOnly(day.Year, 1, 1);
        var newThisYear = (int)(p.BtsNewPerYear.Value * (day.DayNumber - yearStart.DayNumber) / DaysPerYear);
        var province = RowsAt(at)[0];
        return new(
            AsOf(at),
            new ProvinceTelecom(
                province.Code,
                province.Name,
                Round(Math.Min(Math.Max(99.9, p.Coverage4GRate.Value), p.Coverage4GRate.Value + (0.3 * years))),
                Round(p.MobilePer100.Value + (1.5 * years)),
                Round(p.FixedBroadbandPer100.Value + (1.2 * years)),
                newThisYear),
            units);
    }

    /// <summary>
    /// The latest yearly figures published by the day of <paramref name="at"/>: a year's DTI, digital-economy and OCOP
    /// figures are taken to appear on 30 June of the next year; the ranks are among 63 provinces until the 2024
    /// figures and among 34 from the 2025 ones (the same relative place).
    /// </summary>
    public AnnualReport Annual(DateTimeOffset at)
    {
        var a = _province.Annual;
        var day = VietnamCalendar.DayOf(at);
        var year = day >= new DateOnly(day.Year, 6, 30) ? day.Year - 1 : day.Year - 2;
        var provinces = year >= ReformDay.Year ? 34 : 63;
        // A rank among 63 keeps its relative place among 34.
        int Rank(YearlyFigure figure) => Math.Clamp((int)Math.Round(figure.In(year).Value * provinces / 63.0), 1, provinces);
        var products = (int)Math.Round(a.OcopProducts.In(year).Value);
        var share = Round(a.OcopOnEcommerceShare.In(year).Value);
        return new(
            AsOf(at),
            ProvinceAt(at),
            new DtiFigures(year, Math.Round(a.DtiScore.In(year).Value, 4), Rank(a.DtiRank), provinces),
            new DigitalEconomyFigures(year, Round(a.DigitalEconomyShare.In(year).Value), Rank(a.DigitalEconomyRank), provinces),
            new OcopFigures(year, products, (int)Math.Round(products * share / 100), share),
            [
                new CommunityTeams("commune", "Cấp xã", a.CommuneTeams.Whole, a.CommuneTeamMembers.Whole),
                new CommunityTeams("village", "Cấp thôn", a.VillageTeams.Whole, a.VillageTeamMembers.Whole),
            ]);
    }

    /// <summary>Whole parts of <paramref name="total"/> proportional to <paramref name="weights"/>, adding up to it exactly (largest remainders first).</summary>
    internal static long[] Split(long total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var parts = new long[weights.Count];
        if (total <= 0 || sum <= 0)
        {
            return parts;
        }

        var exact = weights.Select(w => total * w / sum).ToArray();
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = (long)Math.Floor(exact[i]);
        }

        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take((int)left))
        {
            parts[i]++;
        }

        return parts;
    }

    private static double YearsSince(DateTimeOffset at, DateOnly anchor) => (VietnamCalendar.DayOf(at).DayNumber - anchor.DayNumber) / DaysPerYear;
}
