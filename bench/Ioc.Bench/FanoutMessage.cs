using System.Globalization;
using System.Text;
using Ioc.Server.Live;

namespace Ioc.Bench;

/// <summary>
/// The 24 series the fan-out benchmark writes each second: one point per commune of a district, each with the
/// tags a per-unit series carries and two fields. The operations wall's per-commune bar panel draws them, so every
/// screen on that wall receives them; the bare hub sends the very same points as Ioc's documented batch.
/// </summary>
internal static class FanoutMessage
{
    public const string Dashboard = "operations-wall";

    public const int Points = 24;

    private static readonly string[] Communes =
    [
        "Xã Thạch Hà", "Xã Đông Kinh", "Xã Việt Xuyên", "Xã Đồng Tiến", "Xã Thạch Khê", "Xã Đồng Lộc", "Xã Lưu Vĩnh Sơn",
        "Xã Thạch Xuân", "Xã Tượng Sơn", "Xã Nam Phúc Thăng", "Xã Thạch Lạc", "Xã Thạch Văn", "Xã Thạch Hội", "Xã Thạch Thắng",
        "Xã Thạch Trị", "Xã Thạch Đài", "Xã Thạch Kênh", "Xã Thạch Liên", "Xã Thạch Ngọc", "Xã Thạch Sơn", "Xã Ngọc Sơn",
        "Xã Thạch Long", "Xã Thạch Hải", "Xã Thạch Bàn",
    ];

    private static string Unit(int i) => $"HT-{i + 1:000}";

    private static double OnlineRate(long second, int i) => Math.Round(60 + ((second * 7 + i * 13) % 400 / 10.0), 1);

    private static double Received(long second, int i) => 1000 + ((second + i) % 900);

    /// <summary>The series key of the <paramref name="i"/>th point, as the hub sends it.</summary>
    public static string Key(int i) => $"dvc_records,level=commune,unit={Unit(i)},unit_name={Communes[i].Replace(" ", "\\ ", StringComparison.Ordinal)}";

    /// <summary>The batch as line protocol, every point at <paramref name="timeMs"/> (Unix milliseconds).</summary>
    public static string LineProtocol(long timeMs, long second)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < Points; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"dvc_records,level=commune,unit={Unit(i)},unit_name={Communes[i].Replace(" ", "\\ ", StringComparison.Ordinal)}")
                .Append(CultureInfo.InvariantCulture, $" online_rate={OnlineRate(second, i)},received_today={Received(second, i)} {timeMs}\n");
        }

        return lines.ToString();
    }

    /// <summary>The same points as Ioc sends them to a dashboard group (docs/live-hub.md).</summary>
    public static LiveBatch Batch(string stream, double timeMs, long second)
    {
        var points = new LivePoint[Points];
        for (var i = 0; i < Points; i++)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["level"] = "commune", ["unit"] = Unit(i), ["unit_name"] = Communes[i] };
            var fields = new Dictionary<string, double>(StringComparer.Ordinal) { ["online_rate"] = OnlineRate(second, i), ["received_today"] = Received(second, i) };
            points[i] = new LivePoint(Key(i), "dvc_records", tags, fields, timeMs, second + 1);
        }

        return new LiveBatch(stream, points, Dashboard);
    }
}
