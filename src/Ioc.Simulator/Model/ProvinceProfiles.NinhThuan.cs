namespace Ioc.Simulator.Model;

internal static partial class ProvinceProfiles
{
    private const string NinhThuan2023 = "Ninh Thuận, H1 2023";

    private static readonly CommuneTraits[] NinhThuanCommunes =
    [
        new("NT-001", 0.22, 0.90, 98.3, 0.18, 0.80),
        new("NT-002", 0.14, 0.87, 97.9, 0.12, 0.77),
        new("NT-003", 0.12, 0.85, 97.6, 0.11, 0.75),
        new("NT-004", 0.11, 0.84, 97.4, 0.10, 0.74),
        new("NT-005", 0.14, 0.76, 96.8, 0.16, 0.68),
        new("NT-006", 0.15, 0.74, 96.5, 0.18, 0.66),
        new("NT-007", 0.12, 0.67, 95.9, 0.15, 0.62),
    ];

    /// <summary>Ninh Thuận (part of Khánh Hòa from 2025-07-01): records online, land sector, e-documents, DTI, OCOP and community teams.</summary>
    public static ProvinceProfile NinhThuan { get; } = new()
    {
        Code = "NT",
        UnitsFile = "ninh-thuan",
        Name = "Tỉnh Ninh Thuận",
        Communes = NinhThuanCommunes,
        RecordsPerWorkingDay = Est(1500),
        Sectors = Sectors(NinhThuanCommunes, Figure.Reported(2.06, NinhThuan2023 + ": land-sector records online 2.06 % (81.17 % overall, target 70 %)")),
        PaymentsPerWorkingDay = Est(130),
        AveragePaymentVnd = Est(75_000),
        ProceduresWithOnlinePayment = Est(370),
        ProceduresWithFees = Est(420),
        Catalogue = new(Est(1702), Est(880), Est(590), Est(232), Est(1190)),
        DocumentLevels =
        [
            new("province", 900, 1050, Figure.Reported(98.95, NinhThuan2023)),
            new("district", 1300, 1500, Figure.Reported(96.58, NinhThuan2023)),
            new("commune", 1900, 2200, Figure.Reported(92.35, NinhThuan2023)),
        ],
        DocumentSignedRate = Est(98),
        Adults = Est(430_000),
        EidLevel1Share = Est(0.13),
        EidAnchorDay = new(2025, 7, 1),
        EidLevel2PerWorkingDay = 48,
        EidLevel1PerWorkingDay = 8,
        Signatures = new(new(2024, 12, 31), Figure.Illustrative(1300, Unattributed), Figure.Illustrative(31, Unattributed), Figure.Illustrative(60, Unattributed), Figure.Illustrative(8200, Unattributed), 110, 1500),
        Security = new(new(2024, 12, 31), Est(42), Est(33), Est(80), 160),
        Infrastructure = new(
            new(2023, 6, 30),
            Est(430),
            Est(425),
            Est(1150),
            Est(50),
            Est(160_000),
            Figure.Reported(90, NinhThuan2023 + ": fibre to 90 % of households"),
            Est(99),
            Est(90),
            Est(22)),
        Annual = new(
            new(2022, Figure.Reported(0.5934, "Ninh Thuận, DTI 2022"), 0.02, 0, 1),
            new(2022, Figure.Reported(27, "Ninh Thuận, DTI 2022: rank 27/63, up 26 places"), -2, 1, 63),
            new(2023, Est(8.2), 0.5, 0, 100),
            new(2023, Est(30), -1, 1, 63),
            new(2023, Est(170), 15, 0, 10_000),
            new(2023, Figure.Reported(91.79, NinhThuan2023 + ": OCOP products on e-commerce platforms"), 1.5, 0, 100),
            Figure.Reported(65, NinhThuan2023 + ": commune-level community digital-technology teams"),
            Figure.Reported(840, NinhThuan2023),
            Figure.Reported(446, NinhThuan2023 + ": village-level teams"),
            Figure.Reported(2439, NinhThuan2023)),
    };
}
