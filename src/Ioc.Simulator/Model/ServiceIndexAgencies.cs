namespace Ioc.Simulator.Model;

/// <summary>
/// A provincial agency as the national service index sees it: the records it receives and how well it handles them.
/// Rates are shares in [0, 1] at the start of the year; the simulation lets them improve a little through the year.
/// </summary>
/// <param name="RenamedOn">The day the agency took <paramref name="NewName"/> (the 2025 reorganisation of departments).</param>
/// <param name="ProcedureWeight">Its share of the province's procedures; the province's catalogue is split by these.</param>
/// <param name="TimeRatio">Days taken over the legal days of the same records.</param>
internal sealed record AgencyProfile(
    string Code,
    string Name,
    string? NewName,
    DateOnly? RenamedOn,
    double RecordsPerWorkingDay,
    double ProcedureWeight,
    double FullOnline,
    double PartialOnline,
    double Online,
    double OnTime,
    double LegalDays,
    double TimeRatio,
    double Digitised,
    double Reused,
    double WithFees,
    double PaidOnline,
    double Satisfied)
{
    public string NameOn(DateOnly day) => NewName is not null && RenamedOn is { } on && day >= on ? NewName : Name;
}

/// <summary>
/// The agencies of each modelled province, keyed by province code. Hà Tĩnh's are listed with traits that follow its
/// reports (land records rarely online, the police's records mostly online and on time); the other provinces use
/// the same departments with their own codes and volumes scaled to their records, as plausible values: their reports
/// do not break the index down by agency.
/// </summary>
internal static class ServiceIndexAgencies
{
    private static readonly DateOnly Reorganised = new(2025, 3, 1);

    /// <summary>Departments as in Hà Tĩnh; volumes are records a working day.</summary>
    private static IReadOnlyList<AgencyProfile> Departments(string prefix, double scale) =>
    [
        new($"{prefix}-STP", "Sở Tư pháp", null, null, 95 * scale, 0.09, 0.55, 0.30, 0.78, 0.985, 6, 0.55, 0.92, 0.42, 0.55, 0.80, 0.97),
        new($"{prefix}-STNMT", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường", Reorganised, 210 * scale, 0.16, 0.18, 0.52, 0.12, 0.93, 20, 0.82, 0.74, 0.18, 0.92, 0.40, 0.89),
        new($"{prefix}-SXD", "Sở Xây dựng", null, null, 60 * scale, 0.12, 0.40, 0.45, 0.66, 0.96, 15, 0.70, 0.85, 0.30, 0.70, 0.65, 0.93),
        new($"{prefix}-SKHDT", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", Reorganised, 70 * scale, 0.13, 0.62, 0.30, 0.86, 0.99, 3, 0.45, 0.95, 0.55, 0.40, 0.85, 0.98),
        new($"{prefix}-CA", "Công an tỉnh", null, null, 420 * scale, 0.14, 0.70, 0.22, 0.91, 0.995, 7, 0.50, 0.97, 0.60, 0.85, 0.88, 0.97),
        new($"{prefix}-SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", Reorganised, 85 * scale, 0.11, 0.48, 0.40, 0.58, 0.975, 10, 0.60, 0.88, 0.30, 0.20, 0.70, 0.95),
        new($"{prefix}-SYT", "Sở Y tế", null, null, 55 * scale, 0.12, 0.50, 0.38, 0.64, 0.97, 12, 0.65, 0.86, 0.25, 0.75, 0.72, 0.94),
        new($"{prefix}-SCT", "Sở Công Thương", null, null, 45 * scale, 0.13, 0.58, 0.33, 0.80, 0.98, 8, 0.58, 0.90, 0.35, 0.65, 0.78, 0.96),
    ];

    private static readonly Dictionary<string, IReadOnlyList<AgencyProfile>> ByProvince = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HT"] = Departments("HT", 1.0),
        ["NA"] = Departments("NA", 2.4),
        ["VP"] = Departments("VP", 1.1),
        ["NT"] = Departments("NT", 0.6),
        ["QT"] = Departments("QT", 0.7),
    };

    public static IReadOnlyList<AgencyProfile> For(string provinceCode) =>
        ByProvince.TryGetValue(provinceCode, out var agencies) ? agencies : Departments(provinceCode, 1.0);
}
