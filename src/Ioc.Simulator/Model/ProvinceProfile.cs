namespace Ioc.Simulator.Model;

/// <summary>
/// A figure of a profile and where it comes from: a provincial report (named), or an illustrative value where that
/// province's report is silent, so a demo never passes one province's numbers off as another's.
/// </summary>
internal sealed record Figure(double Value, bool IsReported, string Basis)
{
    public static Figure Reported(double value, string where) => new(value, true, where);

    public static Figure Illustrative(double value, string why = "plausible value; the province's report is silent") => new(value, false, why);

    public int Whole => (int)Math.Round(Value);
}

/// <summary>The traits the simulation gives one commune or ward of the two-tier reform; its name comes from the units file.</summary>
/// <param name="RecordsShare">Share of the province's administrative records received here.</param>
/// <param name="OnlineShare">Share of those records received online.</param>
/// <param name="OnTimeRate">Percent processed on time, before noise.</param>
/// <param name="AdultShare">Share of the province's adults (and households, villages, BTS) here.</param>
/// <param name="EidCoverage">Share of adults with a VNeID account on <see cref="ProvinceProfile.EidAnchorDay"/>.</param>
internal sealed record CommuneTraits(
    string Code,
    double RecordsShare,
    double OnlineShare,
    double OnTimeRate,
    double AdultShare,
    double EidCoverage);

/// <summary>A sector of administrative procedures; <paramref name="OnlineShare"/> is its share of records received online.</summary>
internal sealed record SectorProfile(string Code, string Name, double RecordsShare, Figure OnlineShare);

/// <summary>Electronic document exchange at one administrative level.</summary>
internal sealed record DocumentLevelProfile(string Level, double SentPerWorkingDay, double ReceivedPerWorkingDay, Figure ElectronicRate);

internal sealed record ServiceCatalogue(Figure Total, Figure FullOnline, Figure PartialOnline, Figure Other, Figure OnNationalPortal);

/// <summary>Certificates for agencies, PKI SIMs and public digital signatures, as of <paramref name="AnchorDay"/>; each grows by its yearly amount.</summary>
internal sealed record SignatureProfile(
    DateOnly AnchorDay,
    Figure Certificates,
    Figure Agencies,
    Figure PkiSims,
    Figure PublicSignatures,
    double CertificatesPerYear,
    double PublicSignaturesPerYear);

/// <summary>Information systems with an approved security level, as of <paramref name="AnchorDay"/>; one more is approved every <paramref name="DaysPerApproval"/>.</summary>
internal sealed record SecurityProfile(DateOnly AnchorDay, Figure Systems, Figure Approved, Figure TargetRate, int DaysPerApproval);

/// <summary>Telecom infrastructure as of <paramref name="AnchorDay"/>; villages, BTS and households are spread over the communes by adult share.</summary>
internal sealed record InfrastructureProfile(
    DateOnly AnchorDay,
    Figure Villages,
    Figure VillagesWithBroadband,
    Figure BtsStations,
    Figure BtsNewPerYear,
    Figure Households,
    Figure HouseholdBroadbandRate,
    Figure Coverage4GRate,
    Figure MobilePer100,
    Figure FixedBroadbandPer100);

/// <summary>A yearly figure reported for <paramref name="Year"/> and moving by <paramref name="StepPerYear"/> in other years (illustrative there).</summary>
internal sealed record YearlyFigure(int Year, Figure Value, double StepPerYear, double Min, double Max)
{
    public Figure In(int year) => year == Year
        ? Value
        : Figure.Illustrative(Math.Clamp(Value.Value + (StepPerYear * (year - Year)), Min, Max), $"moved from the {Year} figure");
}

/// <summary>Figures published once a year (DTI, digital economy, OCOP) and the community digital-technology teams.</summary>
internal sealed record AnnualProfile(
    YearlyFigure DtiScore,
    YearlyFigure DtiRank,
    YearlyFigure DigitalEconomyShare,
    YearlyFigure DigitalEconomyRank,
    YearlyFigure OcopProducts,
    YearlyFigure OcopOnEcommerceShare,
    Figure CommuneTeams,
    Figure CommuneTeamMembers,
    Figure VillageTeams,
    Figure VillageTeamMembers);

/// <summary>
/// A province as the simulator models it: its units (from <c>units/&lt;UnitsFile&gt;.yaml</c>), the traits of its
/// current communes, and the magnitudes of what its systems report, each figure saying whether that province's
/// report gives it (shared/domain/provincial-kpis.md) or it is illustrative.
/// </summary>
internal sealed record ProvinceProfile
{
    public required string Code { get; init; }

    /// <summary>Slug of the province's units file, e.g. <c>ha-tinh</c>.</summary>
    public required string UnitsFile { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<CommuneTraits> Communes { get; init; }

    /// <summary>Records received province-wide on an ordinary working day.</summary>
    public required Figure RecordsPerWorkingDay { get; init; }

    public required IReadOnlyList<SectorProfile> Sectors { get; init; }

    /// <summary>Online payments on an ordinary working day.</summary>
    public required Figure PaymentsPerWorkingDay { get; init; }

    public required Figure AveragePaymentVnd { get; init; }

    public required Figure ProceduresWithOnlinePayment { get; init; }

    public required Figure ProceduresWithFees { get; init; }

    public required ServiceCatalogue Catalogue { get; init; }

    public required IReadOnlyList<DocumentLevelProfile> DocumentLevels { get; init; }

    /// <summary>Share of outgoing electronic documents signed with a digital signature.</summary>
    public required Figure DocumentSignedRate { get; init; }

    public required Figure Adults { get; init; }

    /// <summary>Share of VNeID accounts that are level 1 (unverified) on the anchor day.</summary>
    public required Figure EidLevel1Share { get; init; }

    public required DateOnly EidAnchorDay { get; init; }

    public required double EidLevel2PerWorkingDay { get; init; }

    public required double EidLevel1PerWorkingDay { get; init; }

    public required SignatureProfile Signatures { get; init; }

    public required SecurityProfile Security { get; init; }

    public required InfrastructureProfile Infrastructure { get; init; }

    public required AnnualProfile Annual { get; init; }

    /// <summary>Every figure by a stable key, for <c>GET /sim/profile</c>.</summary>
    public IEnumerable<(string Key, Figure Figure)> Figures()
    {
        yield return ("records.perWorkingDay", RecordsPerWorkingDay);
        foreach (var sector in Sectors)
        {
            yield return ($"records.sector.{sector.Code}.onlineShare", sector.OnlineShare);
        }

        yield return ("services.total", Catalogue.Total);
        yield return ("services.fullOnline", Catalogue.FullOnline);
        yield return ("services.partialOnline", Catalogue.PartialOnline);
        yield return ("services.other", Catalogue.Other);
        yield return ("services.onNationalPortal", Catalogue.OnNationalPortal);
        yield return ("payments.perWorkingDay", PaymentsPerWorkingDay);
        yield return ("payments.averageVnd", AveragePaymentVnd);
        yield return ("payments.proceduresWithOnlinePayment", ProceduresWithOnlinePayment);
        yield return ("payments.proceduresWithFees", ProceduresWithFees);
        foreach (var level in DocumentLevels)
        {
            yield return ($"edoc.{level.Level}.electronicRate", level.ElectronicRate);
        }

        yield return ("edoc.signedRate", DocumentSignedRate);
        yield return ("eid.adults", Adults);
        yield return ("eid.level1Share", EidLevel1Share);
        yield return ("signatures.certificates", Signatures.Certificates);
        yield return ("signatures.agencies", Signatures.Agencies);
        yield return ("signatures.pkiSims", Signatures.PkiSims);
        yield return ("signatures.publicSignatures", Signatures.PublicSignatures);
        yield return ("security.systems", Security.Systems);
        yield return ("security.approved", Security.Approved);
        yield return ("security.targetRate", Security.TargetRate);
        yield return ("infrastructure.villages", Infrastructure.Villages);
        yield return ("infrastructure.villagesWithBroadband", Infrastructure.VillagesWithBroadband);
        yield return ("infrastructure.btsStations", Infrastructure.BtsStations);
        yield return ("infrastructure.btsNewPerYear", Infrastructure.BtsNewPerYear);
        yield return ("infrastructure.households", Infrastructure.Households);
        yield return ("infrastructure.householdBroadbandRate", Infrastructure.HouseholdBroadbandRate);
        yield return ("infrastructure.coverage4GRate", Infrastructure.Coverage4GRate);
        yield return ("infrastructure.mobilePer100", Infrastructure.MobilePer100);
        yield return ("infrastructure.fixedBroadbandPer100", Infrastructure.FixedBroadbandPer100);
        yield return ($"annual.dtiScore.{Annual.DtiScore.Year}", Annual.DtiScore.Value);
        yield return ($"annual.dtiRank.{Annual.DtiRank.Year}", Annual.DtiRank.Value);
        yield return ($"annual.digitalEconomyShare.{Annual.DigitalEconomyShare.Year}", Annual.DigitalEconomyShare.Value);
        yield return ($"annual.digitalEconomyRank.{Annual.DigitalEconomyRank.Year}", Annual.DigitalEconomyRank.Value);
        yield return ($"annual.ocopProducts.{Annual.OcopProducts.Year}", Annual.OcopProducts.Value);
        yield return ($"annual.ocopOnEcommerceShare.{Annual.OcopOnEcommerceShare.Year}", Annual.OcopOnEcommerceShare.Value);
        yield return ("communityTeams.commune.teams", Annual.CommuneTeams);
        yield return ("communityTeams.commune.members", Annual.CommuneTeamMembers);
        yield return ("communityTeams.village.teams", Annual.VillageTeams);
        yield return ("communityTeams.village.members", Annual.VillageTeamMembers);
    }
}
