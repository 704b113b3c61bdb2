namespace Ioc.Simulator.Model;

internal static partial class ProvinceProfiles
{
    private const string HaTinh2022 = "Hà Tĩnh, digital transformation report, end of 2022";

    private static readonly CommuneTraits[] HaTinhCommunes =
    [
        new("HT-001", 0.13, 0.88, 98.6, 0.10, 0.79),
        new("HT-002", 0.10, 0.86, 98.2, 0.07, 0.77),
        new("HT-003", 0.09, 0.85, 97.9, 0.07, 0.76),
        new("HT-004", 0.06, 0.81, 97.4, 0.05, 0.72),
        new("HT-005", 0.07, 0.80, 96.8, 0.07, 0.70),
        new("HT-006", 0.09, 0.74, 97.1, 0.10, 0.66),
        new("HT-007", 0.09, 0.76, 96.5, 0.10, 0.67),
        new("HT-008", 0.08, 0.72, 97.6, 0.09, 0.65),
        new("HT-009", 0.07, 0.70, 95.9, 0.08, 0.64),
        new("HT-010", 0.07, 0.59, 95.4, 0.09, 0.61),
        new("HT-011", 0.08, 0.75, 96.2, 0.10, 0.66),
        new("HT-012", 0.07, 0.68, 96.9, 0.08, 0.63),
        new("HT-013", 0.04, 0.62, 96.1, 0.04, 0.60),
        new("HT-014", 0.06, 0.60, 95.6, 0.07, 0.60),
        new("HT-015", 0.05, 0.66, 96.4, 0.06, 0.62),
    ];

    /// <summary>Hà Tĩnh: e-documents, 4G, BTS and subscription figures as its report gives them; the rest illustrative.</summary>
    public static ProvinceProfile HaTinh { get; } = new()
    {
        Code = "HT",
        UnitsFile = "ha-tinh",
        Name = "Tỉnh Hà Tĩnh",
        Communes = HaTinhCommunes,
        RecordsPerWorkingDay = Est(2400),
        Sectors = Sectors(HaTinhCommunes, Est(9.5)),
        PaymentsPerWorkingDay = Est(240),
        AveragePaymentVnd = Est(78_000),
        ProceduresWithOnlinePayment = Est(398),
        ProceduresWithFees = Est(452),
        Catalogue = new(Est(1893), Est(1060), Est(611), Est(222), Est(1402)),
        DocumentLevels =
        [
            new("province", 1300, 1550, Figure.Reported(100, HaTinh2022 + ": 100 % between province and district")),
            new("district", 2000, 2300, Figure.Reported(100, HaTinh2022 + ": 100 % between province and district")),
            new("commune", 3300, 3700, Figure.Reported(95, HaTinh2022 + ": 95 % at commune level")),
        ],
        DocumentSignedRate = Est(97.5),
        Adults = Est(960_000),
        EidLevel1Share = Est(0.12),
        EidAnchorDay = new(2025, 7, 1),
        EidLevel2PerWorkingDay = 105,
        EidLevel1PerWorkingDay = 16,
        Signatures = new(new(2024, 12, 31), Figure.Illustrative(2150, Unattributed), Figure.Illustrative(36, Unattributed), Figure.Illustrative(85, Unattributed), Figure.Illustrative(12_800, Unattributed), 180, 2600),
        Security = new(new(2024, 12, 31), Est(61), Est(47), Est(80), 150),
        Infrastructure = new(
            new(2022, 12, 31),
            Est(1720),
            Est(1701),
            Est(2450),
            Figure.Reported(87, HaTinh2022 + ": 87 new BTS stations in 2022"),
            Est(370_000),
            Est(45),
            Figure.Reported(98, HaTinh2022 + ": 4G covers ~98 % of residential areas"),
            Figure.Reported(94.3, HaTinh2022),
            Figure.Reported(12.8, HaTinh2022)),
        Annual = new(
            new(2023, Est(0.52), 0.025, 0, 1),
            new(2023, Est(31), -2, 1, 63),
            new(2023, Est(6.1), 0.6, 0, 100),
            new(2023, Est(40), -2, 1, 63),
            new(2023, Est(420), 45, 0, 10_000),
            new(2023, Est(65), 5, 0, 100),
            Est(216),
            Est(1650),
            Est(1720),
            Est(9800)),
    };
}
