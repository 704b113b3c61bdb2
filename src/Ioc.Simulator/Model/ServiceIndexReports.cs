namespace Ioc.Simulator.Model;

// The JSON the simulated portal answers /sim/portal/service-index-inputs with (camelCase on the wire);
// collectors/service-index-inputs.yaml and indices/*.yaml depend on these names.

/// <param name="Units">The province first, then each commune.</param>
/// <param name="Agencies">Each provincial agency.</param>
internal sealed record ServiceIndexInputsReport(DateTimeOffset AsOf, DateOnly Since, IReadOnlyList<ServiceIndexUnit> Units, IReadOnlyList<ServiceIndexUnit> Agencies);

/// <summary>Year-to-date counts of one unit or agency. Days are summed over the settled records.</summary>
internal sealed record ServiceIndexUnit(
    string Code,
    string Name,
    string Level,
    long ProceduresTotal,
    long ProceduresAnnouncedOnTime,
    long ProceduresPublishedComplete,
    long ProceduresOnlineFull,
    long ProceduresOnlinePartial,
    long ProceduresOnline,
    long RecordsReceived,
    long RecordsSynchronised,
    long RecordsSettled,
    long RecordsSettledOnTime,
    long RecordsSettledLate,
    long SettlementDays,
    long LegalDays,
    long RecordsDigitised,
    long ResultsDigitised,
    long DigitisedReused,
    long RecordsOnline,
    long RecordsWithFees,
    long RecordsPaidOnline,
    long Ratings,
    long RatingsSatisfied)
{
    /// <param name="procedures">Total, announced on time, published complete, full online, partial online, online.</param>
    /// <param name="records">Received, synchronised, settled, on time, late, settlement days, legal days, digitised,
    /// results digitised, reused, online, with fees, paid online, ratings, satisfied.</param>
    public static ServiceIndexUnit From(string code, string name, string level, long[] procedures, long[] records) =>
        new(code, name, level, procedures[0], procedures[1], procedures[2], procedures[3], procedures[4], procedures[5],
            records[0], records[1], records[2], records[3], records[4], records[5], records[6], records[7], records[8], records[9],
            records[10], records[11], records[12], records[13], records[14]);

    /// <summary>The procedure counts in <see cref="From"/>'s order.</summary>
    public long[] Procedures => [ProceduresTotal, ProceduresAnnouncedOnTime, ProceduresPublishedComplete, ProceduresOnlineFull, ProceduresOnlinePartial, ProceduresOnline];

    /// <summary>The record counts in <see cref="From"/>'s order.</summary>
    public long[] Records =>
        [RecordsReceived, RecordsSynchronised, RecordsSettled, RecordsSettledOnTime, RecordsSettledLate, SettlementDays, LegalDays, RecordsDigitised,
         ResultsDigitised, DigitisedReused, RecordsOnline, RecordsWithFees, RecordsPaidOnline, Ratings, RatingsSatisfied];

    /// <summary>Average days taken per settled record, beside the legal days: what the portal shows next to the counts.</summary>
    public double AverageSettlementDays => RecordsSettled == 0 ? 0 : Math.Round((double)SettlementDays / RecordsSettled, 2);

    public double AverageLegalDays => RecordsSettled == 0 ? 0 : Math.Round((double)LegalDays / RecordsSettled, 2);
}
