namespace Ioc.Simulator;

// The JSON shapes the simulated provincial systems answer with (camelCase on the wire). Collector definitions
// in collectors/*.yaml and the default dashboards depend on these names: rename nothing.

internal sealed record ProvinceRef(string Code, string Name);

internal sealed record PortalServicesReport(
    DateTimeOffset AsOf,
    ProvinceRef Province,
    int Total,
    int FullOnline,
    int PartialOnline,
    int Other,
    int OnNationalPortal);

internal sealed record RecordsReport(DateTimeOffset AsOf, IReadOnlyList<UnitRecords> Units);

internal sealed record UnitRecords(
    string Code,
    string Name,
    string Level,
    long ReceivedToday,
    long ReceivedOnlineToday,
    long ReceivedYtd,
    long ReceivedOnlineYtd,
    double OnlineRate,
    double OnTimeRate);

internal sealed record DocumentExchangeReport(DateTimeOffset AsOf, IReadOnlyList<DocumentExchangeLevel> Levels);

internal sealed record DocumentExchangeLevel(string Level, long SentToday, long ReceivedToday, double ElectronicRate);

internal sealed record PaymentsReport(
    DateTimeOffset AsOf,
    long TransactionsToday,
    long AmountTodayVnd,
    long TransactionsYtd,
    long AmountYtdVnd,
    int ProceduresWithOnlinePayment,
    int ProceduresWithFees);

internal sealed record EidReport(DateTimeOffset AsOf, IReadOnlyList<UnitEid> Units);

internal sealed record UnitEid(string Code, string Name, string Level, long Level1, long Level2, double AdultCoverageRate);

internal static class UnitLevel
{
    public const string Province = "province";
    public const string Commune = "commune";
}
