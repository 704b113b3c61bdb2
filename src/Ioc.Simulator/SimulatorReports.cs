namespace Ioc.Simulator;

// The JSON shapes the simulated provincial systems answer with (camelCase on the wire). Collector definitions
// in collectors/*.yaml and the default dashboards depend on these names: rename nothing, only add.

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

internal sealed record RecordsBySectorReport(DateTimeOffset AsOf, IReadOnlyList<UnitSectorRecords> Items);

internal sealed record UnitSectorRecords(
    string Code,
    string Name,
    string Level,
    string Sector,
    string SectorName,
    long ReceivedToday,
    long ReceivedOnlineToday,
    long ReceivedYtd,
    long ReceivedOnlineYtd,
    double OnlineRate);

internal sealed record DocumentExchangeReport(DateTimeOffset AsOf, IReadOnlyList<DocumentExchangeLevel> Levels);

internal sealed record DocumentExchangeLevel(
    string Level,
    long SentToday,
    long ReceivedToday,
    double ElectronicRate,
    long ElectronicToday,
    long SignedToday,
    double SignedRate);

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

internal sealed record SignaturesReport(DateTimeOffset AsOf, ProvinceRef Province, int Certificates, int Agencies, int PkiSims, int PublicSignatures);

internal sealed record SecurityApprovalsReport(DateTimeOffset AsOf, ProvinceRef Province, int Systems, int Approved, double ApprovedRate, double TargetRate);

internal sealed record InfrastructureReport(DateTimeOffset AsOf, ProvinceTelecom Province, IReadOnlyList<UnitInfrastructure> Units);

internal sealed record ProvinceTelecom(string Code, string Name, double Coverage4GRate, double MobilePer100, double FixedBroadbandPer100, int BtsNewYtd);

internal sealed record UnitInfrastructure(
    string Code,
    string Name,
    string Level,
    long Villages,
    long VillagesWithBroadband,
    double VillageBroadbandRate,
    long BtsStations,
    long Households,
    long HouseholdsWithBroadband,
    double HouseholdBroadbandRate);

internal sealed record AnnualReport(
    DateTimeOffset AsOf,
    ProvinceRef Province,
    DtiFigures Dti,
    DigitalEconomyFigures DigitalEconomy,
    OcopFigures Ocop,
    IReadOnlyList<CommunityTeams> CommunityTeams);

internal sealed record DtiFigures(int Year, double Score, int Rank, int Provinces);

internal sealed record DigitalEconomyFigures(int Year, double GrdpShare, int Rank, int Provinces);

internal sealed record OcopFigures(int Year, int Products, int OnEcommerce, double OnEcommerceShare);

internal sealed record CommunityTeams(string Tier, string TierName, int Teams, int Members);

internal sealed record ProfileReport(string Code, string Name, string UnitsFile, string UnitsSource, IReadOnlyList<ProfileFigure> Figures);

/// <param name="Source"><c>reported</c> (the province's own report, named in <paramref name="Basis"/>) or <c>illustrative</c>.</param>
internal sealed record ProfileFigure(string Key, double Value, string Source, string Basis);
