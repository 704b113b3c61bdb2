namespace Ioc.Simulator.Model;

internal static partial class ProvinceProfiles
{
    private static readonly CommuneTraits[] NgheAnCommunes =
    [
        new("NA-001", 0.18, 0.84, 97.8, 0.14, 0.78),
        new("NA-002", 0.16, 0.82, 97.5, 0.13, 0.77),
        new("NA-003", 0.13, 0.80, 97.2, 0.12, 0.75),
        new("NA-004", 0.10, 0.76, 96.9, 0.10, 0.72),
        new("NA-005", 0.12, 0.66, 96.1, 0.14, 0.64),
        new("NA-006", 0.07, 0.52, 95.2, 0.09, 0.55),
        new("NA-007", 0.13, 0.68, 96.3, 0.15, 0.65),
        new("NA-008", 0.11, 0.64, 96.0, 0.13, 0.63),
    ];

    /// <summary>Nghệ An: broadband villages and the digital economy's share of GRDP as reported; the rest illustrative.</summary>
    public static ProvinceProfile NgheAn { get; } = new()
    {
        Code = "NA",
        UnitsFile = "nghe-an",
        Name = "Tỉnh Nghệ An",
        Communes = NgheAnCommunes,
        RecordsPerWorkingDay = Est(5600),
        Sectors = Sectors(NgheAnCommunes, Est(7.8)),
        PaymentsPerWorkingDay = Est(520),
        AveragePaymentVnd = Est(80_000),
        ProceduresWithOnlinePayment = Est(455),
        ProceduresWithFees = Est(498),
        Catalogue = new(Est(1950), Est(1105), Est(640), Est(205), Est(1520)),
        DocumentLevels =
        [
            new("province", 2600, 3000, Est(99.2)),
            new("district", 4100, 4600, Est(97.5)),
            new("commune", 6800, 7500, Est(94.0)),
        ],
        DocumentSignedRate = Est(98),
        Adults = Est(2_450_000),
        EidLevel1Share = Est(0.12),
        EidAnchorDay = new(2025, 7, 1),
        EidLevel2PerWorkingDay = 260,
        EidLevel1PerWorkingDay = 40,
        Signatures = new(new(2024, 12, 31), Figure.Illustrative(4100, Unattributed), Figure.Illustrative(52, Unattributed), Figure.Illustrative(160, Unattributed), Figure.Illustrative(23_000, Unattributed), 320, 4200),
        Security = new(new(2024, 12, 31), Est(74), Est(58), Est(80), 120),
        Infrastructure = new(
            new(2023, 8, 30),
            Figure.Reported(3806, "Nghệ An, 2023-08-30"),
            Figure.Reported(3743, "Nghệ An, 2023-08-30: 3,743 of 3,806 villages and hamlets with mobile broadband"),
            Est(5200),
            Est(180),
            Est(930_000),
            Est(68),
            Est(97),
            Est(88),
            Est(18)),
        Annual = new(
            new(2023, Est(0.50), 0.02, 0, 1),
            new(2023, Est(35), -1, 1, 63),
            new(2023, Figure.Reported(7.38, "Nghệ An, report of 2023: digital economy 7.38 % of GRDP"), 0.5, 0, 100),
            new(2023, Figure.Reported(32, "Nghệ An, report of 2023: rank 32/63"), -1, 1, 63),
            new(2023, Est(560), 50, 0, 10_000),
            new(2023, Est(70), 4, 0, 100),
            Est(460),
            Est(3200),
            Est(4700),
            Est(24_000)),
    };
}
