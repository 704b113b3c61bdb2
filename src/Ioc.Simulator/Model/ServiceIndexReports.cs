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
    /// <summary>Average days taken per settled record, beside the legal days: what the portal shows next to the counts.</summary>
    public double AverageSettlementDays => RecordsSettled == 0 ? 0 : Math.Round((double)SettlementDays / RecordsSettled, 2);

    public double AverageLegalDays => RecordsSettled == 0 ? 0 : Math.Round((double)LegalDays / RecordsSettled, 2);
}
