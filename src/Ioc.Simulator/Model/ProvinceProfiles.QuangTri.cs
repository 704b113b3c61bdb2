namespace Ioc.Simulator.Model;

internal static partial class ProvinceProfiles
{
    private const string QuangTri2023 = "Quảng Trị, report of 2023";

    private static readonly CommuneTraits[] QuangTriCommunes =
    [
        new("QT-001", 0.15, 0.83, 97.9, 0.12, 0.76),
        new("QT-002", 0.11, 0.80, 97.5, 0.10, 0.74),
        new("QT-003", 0.09, 0.74, 96.9, 0.09, 0.70),
        new("QT-004", 0.12, 0.68, 96.4, 0.14, 0.65),
        new("QT-005", 0.17, 0.84, 98.0, 0.15, 0.77),
        new("QT-006", 0.12, 0.81, 97.6, 0.11, 0.75),
        new("QT-007", 0.13, 0.66, 96.2, 0.16, 0.63),
        new("QT-008", 0.11, 0.71, 96.6, 0.13, 0.67),
    ];

    /// <summary>Quảng Trị (merged with Quảng Bình, keeping the name): service counts, e-documents, households, digital economy.</summary>
    public static ProvinceProfile QuangTri { get; } = new()
    {
        Code = "QT",
        UnitsFile = "quang-tri",
        Name = "Tỉnh Quảng Trị",
        Communes = QuangTriCommunes,
        RecordsPerWorkingDay = Est(3300),
        Sectors = Sectors(QuangTriCommunes, Est(8.4)),
        PaymentsPerWorkingDay = Est(300),
        AveragePaymentVnd = Est(76_000),
        ProceduresWithOnlinePayment = Est(410),
        ProceduresWithFees = Est(466),
        Catalogue = new(Est(1940), Figure.Reported(973, QuangTri2023), Figure.Reported(748, QuangTri2023), Est(219), Est(1350)),
        DocumentLevels =
        [
            new("province", 1700, 2000, Figure.Illustrative(98.6, "within the > 98 % Quảng Trị reports overall")),
            new("district", 2600, 3000, Figure.Illustrative(98.3, "within the > 98 % Quảng Trị reports overall")),
            new("commune", 4000, 4500, Figure.Illustrative(98.1, "within the > 98 % Quảng Trị reports overall")),
        ],
        DocumentSignedRate = Est(98.5),
        Adults = Est(1_120_000),
        EidLevel1Share = Est(0.12),
        EidAnchorDay = new(2025, 7, 1),
        EidLevel2PerWorkingDay = 120,
        EidLevel1PerWorkingDay = 18,
        Signatures = new(new(2024, 12, 31), Figure.Illustrative(2600, Unattributed), Figure.Illustrative(44, Unattributed), Figure.Illustrative(110, Unattributed), Figure.Illustrative(15_600, Unattributed), 210, 3100),
        Security = new(new(2024, 12, 31), Est(70), Est(55), Est(80), 140),
        Infrastructure = new(
            new(2023, 12, 31),
            Est(2350),
            Est(2290),
            Est(3100),
            Est(110),
            Est(420_000),
            Figure.Reported(80.51, QuangTri2023),
            Est(97),
            Est(92),
            Est(20)),
        Annual = new(
            new(2023, Est(0.55), 0.02, 0, 1),
            new(2023, Est(25), -1, 1, 63),
            new(2023, Figure.Reported(9.03, QuangTri2023 + ": digital economy 9.03 % of GRDP"), 0.5, 0, 100),
            new(2023, Figure.Reported(26, QuangTri2023 + ": rank 26"), -1, 1, 63),
            new(2023, Est(300), 30, 0, 10_000),
            new(2023, Est(72), 4, 0, 100),
            Est(240),
            Est(1900),
            Est(2300),
            Est(12_500)),
    };
}
