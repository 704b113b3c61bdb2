using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.Spool;

/// <summary>
/// A temporary spool folder of one test and the spools and replayers opened on it; disposing stops the replayers,
/// closes the spools (not the abandoned ones, which stand for a killed process) and deletes the folder.
/// </summary>
internal sealed class SpoolFolder : IAsyncDisposable
{
    private readonly List<SpoolingMetricStore> _spools = [];
    private readonly List<ReplayerRun> _replayers = [];

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ioc-spool-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Fast back-off, so a test waits milliseconds where production waits seconds.</summary>
    public SpoolOptions Options(Action<SpoolOptions>? configure = null)
    {
        var options = new SpoolOptions
        {
            Path = Path,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return options;
    }

    public SpoolingMetricStore Open(IMetricStore inner, Action<SpoolOptions>? configure = null)
    {
        var spool = OpenAbandoned(inner, configure);
        _spools.Add(spool);
        return spool;
    }

    /// <summary>A spool that is never disposed, like one in a process that was killed (see <see cref="Kill"/>).</summary>
    public SpoolingMetricStore OpenAbandoned(IMetricStore inner, Action<SpoolOptions>? configure = null, TimeProvider? clock = null) =>
        new(inner, Microsoft.Extensions.Options.Options.Create(Options(configure)), NullLogger<SpoolingMetricStore>.Instance, clock);

    /// <summary>
    /// Plays the kill of the process that holds <paramref name="spool"/>: the operating system frees the folder's
    /// lock, and nothing else happens (no flush, no cut-back, files left open), so a new spool can open the folder.
    /// </summary>
    public static void Kill(SpoolingMetricStore spool) => spool.ReleaseFolderLock();

    public ReplayerRun StartReplayer(SpoolingMetricStore spool)
    {
        var run = new ReplayerRun(new SpoolReplayer(spool, NullLogger<SpoolReplayer>.Instance));
        _replayers.Add(run);
        return run;
    }

    public IEnumerable<string> Segments() =>
        Directory.Exists(Path) ? Directory.GetFiles(Path, "*.spool").Order(StringComparer.Ordinal) : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var replayer in _replayers)
        {
            await replayer.StopAsync();
        }

        foreach (var spool in _spools)
        {
            await spool.DisposeAsync();
        }

        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>A replayer running in the background, as the server hosts it.</summary>
internal sealed class ReplayerRun
{
    private readonly CancellationTokenSource _stop = new();

    public ReplayerRun(SpoolReplayer replayer)
    {
        Task = Task.Run(() => replayer.RunAsync(_stop.Token));
    }

    public Task Task { get; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task;
    }
}

/// <summary>Points as collectors produce them, with the Vietnamese names the wall shows.</summary>
internal static class SpoolPoints
{
    public const long Second = 1_000_000_000;

    public static readonly long Start = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly string[] Districts = ["Vinh", "Cửa Lò", "Hoàng Mai", "Diễn Châu", "Quỳnh Lưu", "Đô Lương", "Kỳ Sơn", "Quế Phong"];

    /// <summary><paramref name="count"/> distinct points, numbered from <paramref name="first"/>.</summary>
    public static List<MetricPoint> Make(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new MetricPoint(
            "air_quality",
            [new Tag("district", Districts[i % Districts.Length]), new Tag("province", "Nghệ An")],
            [new Field("aqi", 20 + (i % 180)), new Field("pm25", i * 0.25)],
            Start + (i / Districts.Length * Second))).ToList();

    public static List<List<MetricPoint>> Batches(int batches, int size) =>
        Enumerable.Range(0, batches).Select(b => Make(size, b * size)).ToList();

    /// <summary>A point as text: equal text means equal measurement, tags, fields and timestamp.</summary>
    public static string Text(MetricPoint point) => LineProtocolFormatter.Format(point);

    public static List<string> Texts(IEnumerable<MetricPoint> points) => points.Select(Text).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }
}

/// <summary>Tests that measure delays run alone, so the other tests' work does not stretch what they measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Spool timing";
}
