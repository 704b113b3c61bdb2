namespace Ioc.Simulator.Model;

/// <summary>One commune or ward after the 2025 two-tier reform, with the traits the simulation gives it.</summary>
/// <param name="RecordsShare">Share of the province's administrative records received here.</param>
/// <param name="OnlineShare">Share of those records received online.</param>
/// <param name="OnTimeRate">Percent processed on time, before noise.</param>
/// <param name="AdultShare">Share of the province's adults living here.</param>
/// <param name="EidCoverage">Share of adults with a VNeID account on <see cref="ProvinceProfile.EidAnchorDay"/>.</param>
internal sealed record CommuneProfile(
    string Code,
    string Name,
    double RecordsShare,
    double OnlineShare,
    double OnTimeRate,
    double AdultShare,
    double EidCoverage);

/// <summary>
/// A province as the simulator models it: its communes and the magnitudes of what its systems report, taken
/// from provincial digital-transformation reports (shared/domain/provincial-kpis.md).
/// </summary>
internal sealed record ProvinceProfile
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<CommuneProfile> Communes { get; init; }

    /// <summary>Records received province-wide on an ordinary working day (~750,000 a year).</summary>
    public required double RecordsPerWorkingDay { get; init; }

    /// <summary>Online payments on an ordinary working day (~57,600 in nine months).</summary>
    public required double PaymentsPerWorkingDay { get; init; }

    public required double AveragePaymentVnd { get; init; }

    public required int ProceduresWithOnlinePayment { get; init; }

    public required int ProceduresWithFees { get; init; }

    public required ServiceCatalogue Catalogue { get; init; }

    public required IReadOnlyList<DocumentLevelProfile> DocumentLevels { get; init; }

    public required double Adults { get; init; }

    /// <summary>Share of VNeID accounts that are level 1 (unverified) on the anchor day.</summary>
    public required double EidLevel1Share { get; init; }

    public required DateOnly EidAnchorDay { get; init; }

    public required double EidLevel2PerWorkingDay { get; init; }

    public required double EidLevel1PerWorkingDay { get; init; }
}

internal sealed record ServiceCatalogue(int Total, int FullOnline, int PartialOnline, int Other, int OnNationalPortal);

/// <summary>Electronic document exchange at one administrative level.</summary>
internal sealed record DocumentLevelProfile(string Level, double SentPerWorkingDay, double ReceivedPerWorkingDay, double ElectronicRate);

internal static class ProvinceProfiles
{
    public static ProvinceProfile HaTinh { get; } = new()
    {
        Code = "HT",
        Name = "Tỉnh Hà Tĩnh",
        Communes =
        [
            new("HT-001", "Phường Thành Sen", 0.13, 0.92, 98.6, 0.10, 0.79),
            new("HT-002", "Phường Trần Phú", 0.10, 0.90, 98.2, 0.07, 0.77),
            new("HT-003", "Phường Hà Huy Tập", 0.09, 0.89, 97.9, 0.07, 0.76),
            new("HT-004", "Phường Bắc Hồng Lĩnh", 0.06, 0.85, 97.4, 0.05, 0.72),
            new("HT-005", "Phường Sông Trí", 0.07, 0.84, 96.8, 0.07, 0.70),
            new("HT-006", "Xã Cẩm Xuyên", 0.09, 0.78, 97.1, 0.10, 0.66),
            new("HT-007", "Xã Thạch Hà", 0.09, 0.80, 96.5, 0.10, 0.67),
            new("HT-008", "Xã Can Lộc", 0.08, 0.76, 97.6, 0.09, 0.65),
            new("HT-009", "Xã Đức Thọ", 0.07, 0.74, 95.9, 0.08, 0.64),
            new("HT-010", "Xã Hương Sơn", 0.07, 0.62, 95.4, 0.09, 0.61),
            new("HT-011", "Xã Kỳ Anh", 0.08, 0.79, 96.2, 0.10, 0.66),
            new("HT-012", "Xã Nghi Xuân", 0.07, 0.72, 96.9, 0.08, 0.63),
        ],
        RecordsPerWorkingDay = 2850,
        PaymentsPerWorkingDay = 283,
        AveragePaymentVnd = 81_600,
        ProceduresWithOnlinePayment = 429,
        ProceduresWithFees = 474,
        Catalogue = new(Total: 1865, FullOnline: 922, PartialOnline: 683, Other: 262, OnNationalPortal: 1287),
        DocumentLevels =
        [
            new("province", 1450, 1700, 98.95),
            new("district", 2300, 2600, 96.58),
            new("commune", 3600, 4100, 92.35),
        ],
        Adults = 873_500,
        EidLevel1Share = 0.126,
        EidAnchorDay = new(2025, 7, 1),
        EidLevel2PerWorkingDay = 100,
        EidLevel1PerWorkingDay = 15,
    };

    public static IReadOnlyList<ProvinceProfile> All { get; } = [HaTinh];

    public static ProvinceProfile? Find(string? code) =>
        All.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.OrdinalIgnoreCase));
}
