namespace Ioc.Simulator.Model;

/// <summary>The provinces the simulator can model, selected by <c>Ioc:Simulator:Province</c>.</summary>
internal static partial class ProvinceProfiles
{
    private const string Unattributed = "on the scale of a provincial report the domain note does not attribute (~2,300 certificates to 39 agencies, 99 PKI SIMs, 14,400 public signatures)";

    // A getter, not an initialiser: the profiles live in other files of this partial class, initialised in an order C# leaves open.
    public static IReadOnlyList<ProvinceProfile> All => [HaTinh, NgheAn, VinhPhuc, NinhThuan, QuangTri];

    public static ProvinceProfile? Find(string? code) =>
        All.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Sectors of procedures with the land sector at <paramref name="land"/> percent online and the others scaled so
    /// the mix averages the communes' online share: a breakdown that adds up to the province's own figure.
    /// </summary>
    private static IReadOnlyList<SectorProfile> Sectors(IReadOnlyList<CommuneTraits> communes, Figure land)
    {
        (string Code, string Name, double Share, double Relative)[] others =
        [
            ("tu-phap", "Tư pháp – Hộ tịch", 0.30, 1.04),
            ("kinh-doanh", "Đăng ký kinh doanh", 0.06, 1.06),
            ("giao-thong", "Giao thông vận tải", 0.14, 1.0),
            ("lao-dong", "Lao động – Thương binh và Xã hội", 0.16, 0.97),
            ("xay-dung", "Xây dựng", 0.07, 0.9),
            ("khac", "Lĩnh vực khác", 0.15, 0.95),
        ];
        const double landShare = 0.12;
        var overall = communes.Sum(c => c.RecordsShare * c.OnlineShare) / communes.Sum(c => c.RecordsShare);
        var scale = (overall - (landShare * land.Value / 100)) / others.Sum(o => o.Share * o.Relative);
        return
        [
            new("dat-dai", "Đất đai", landShare, land),
            .. others.Select(o => new SectorProfile(o.Code, o.Name, o.Share, Figure.Illustrative(Math.Round(100 * Math.Min(0.995, scale * o.Relative), 2), "scaled so the sectors add up to the province's online share"))),
        ];
    }

    private static Figure Est(double value) => Figure.Illustrative(value);
}
