namespace Ioc.Simulator.Model;

internal static partial class ProvinceProfiles
{
    private const string VinhPhuc2023 = "Vĩnh Phúc, 9 months 2023";

    private static readonly CommuneTraits[] VinhPhucCommunes =
    [
        new("VP-001", 0.19, 0.84, 98.4, 0.14, 0.78),
        new("VP-002", 0.17, 0.82, 98.1, 0.13, 0.76),
        new("VP-003", 0.14, 0.80, 97.6, 0.12, 0.74),
        new("VP-004", 0.09, 0.76, 97.2, 0.09, 0.71),
        new("VP-005", 0.14, 0.72, 96.8, 0.17, 0.66),
        new("VP-006", 0.13, 0.70, 96.6, 0.17, 0.65),
        new("VP-007", 0.14, 0.68, 96.2, 0.18, 0.64),
    ];

    /// <summary>Vĩnh Phúc (part of Phú Thọ from 2025-07-01): its services, payments, VNeID, signatures, security and infrastructure figures.</summary>
    public static ProvinceProfile VinhPhuc { get; } = new()
    {
        Code = "VP",
        UnitsFile = "vinh-phuc",
        Name = "Tỉnh Vĩnh Phúc",
        Communes = VinhPhucCommunes,
        RecordsPerWorkingDay = Est(2850),
        Sectors = Sectors(VinhPhucCommunes, Est(11)),
        PaymentsPerWorkingDay = Figure.Reported(283, VinhPhuc2023 + ": > 57,600 transactions in nine months, per working day"),
        AveragePaymentVnd = Figure.Reported(81_600, VinhPhuc2023 + ": > 4.7 billion VND over > 57,600 transactions"),
        ProceduresWithOnlinePayment = Figure.Reported(429, VinhPhuc2023),
        ProceduresWithFees = Figure.Reported(474, VinhPhuc2023),
        Catalogue = new(
            Figure.Reported(1865, VinhPhuc2023),
            Figure.Reported(922, VinhPhuc2023),
            Figure.Reported(683, VinhPhuc2023),
            Figure.Reported(262, VinhPhuc2023 + " (as published, though 922 + 683 + 262 is 1,867)"),
            Figure.Reported(1287, VinhPhuc2023 + ": integrated on the National Public Service Portal")),
        DocumentLevels =
        [
            new("province", 1450, 1700, Est(99.5)),
            new("district", 2300, 2600, Est(97.8)),
            new("commune", 3600, 4100, Est(95.0)),
        ],
        DocumentSignedRate = Figure.Reported(99, VinhPhuc2023),
        Adults = Figure.Reported(873_500, VinhPhuc2023 + ": 519,000 level-2 and ~75,000 level-1 accounts are 68 % of adults"),
        EidLevel1Share = Figure.Reported(0.126, VinhPhuc2023 + ": ~75,000 of ~594,000 accounts are level 1"),
        EidAnchorDay = new(2023, 9, 30),
        EidLevel2PerWorkingDay = 100,
        EidLevel1PerWorkingDay = 15,
        Signatures = new(new(2023, 9, 30), Figure.Illustrative(2300, Unattributed), Figure.Illustrative(39, Unattributed), Figure.Illustrative(99, Unattributed), Figure.Illustrative(14_400, Unattributed), 200, 3000),
        Security = new(new(2023, 9, 30), Figure.Reported(68, VinhPhuc2023), Figure.Reported(59, VinhPhuc2023 + ": 59 of 68 information systems approved"), Figure.Reported(80, VinhPhuc2023 + ": target 80 %"), 200),
        Infrastructure = new(
            new(2023, 9, 30),
            Est(1350),
            Est(1350),
            Figure.Reported(3000, VinhPhuc2023),
            Est(120),
            Est(330_000),
            Figure.Reported(90, VinhPhuc2023),
            Figure.Reported(100, VinhPhuc2023 + ": 100 % 3G/4G coverage"),
            Est(125),
            Est(28)),
        Annual = new(
            new(2023, Est(0.61), 0.02, 0, 1),
            new(2023, Est(12), -1, 1, 63),
            new(2023, Est(12.5), 0.7, 0, 100),
            new(2023, Est(9), 0, 1, 63),
            new(2023, Est(260), 25, 0, 10_000),
            new(2023, Est(80), 3, 0, 100),
            Est(136),
            Est(1100),
            Est(1350),
            Est(7600)),
    };
}
