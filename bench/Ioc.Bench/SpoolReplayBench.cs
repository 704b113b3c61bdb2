using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Bench;

/// <summary>
/// The durable spool through an outage: points written while the store is down (each batch flushed to disk
/// before the write returns), then replayed once it is up, against the same points written straight to the same
/// in-memory store. That store costs what the InfluxDB adapter costs on Ioc's side (formatting line protocol), so
/// the ratio shows the spool's own price on top: encode, fsync, read back, parse, checkpoint. For scale, the same
/// points are also parsed from line protocol, which is what every write through the ingest API costs anyway.
/// Each round uses a new folder under the system's temporary folder.
/// </summary>
internal static class SpoolReplayBench
{
    private const int DefaultPoints = 200_000;
    private const int BatchSize = 5_000;
    private const int Rounds = 3;
    private const long Second = 1_000_000_000;

    private static readonly string[] Districts =
    [
        "Vinh", "Cửa Lò", "Hoàng Mai", "Thái Hòa", "Diễn Châu", "Quỳnh Lưu", "Nghi Lộc", "Hưng Nguyên", "Nam Đàn", "Thanh Chương",
        "Đô Lương", "Yên Thành", "Anh Sơn", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong", "Quỳ Châu", "Quỳ Hợp", "Nghĩa Đàn",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var points = DefaultPoints;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out points) || points < BatchSize))
        {
            Console.Error.WriteLine($"usage: spool [points], points a whole number of at least {BatchSize}");
            return 2;
        }

        var batches = Points(points).Chunk(BatchSize).ToList();
        var root = Path.Combine(Path.GetTempPath(), "ioc-bench-spool-" + Guid.NewGuid().ToString("N"));
        try
        {
            Print($"spool: {points:N0} points in batches of {BatchSize:N0}, spooled while the store is down, then replayed; median of {Rounds} rounds");
            await RoundAsync(Path.Combine(root, "warm-up"), batches.Take(4).ToList());
            await DirectAsync(batches.Take(4).ToList());

            var rounds = new List<(TimeSpan Append, TimeSpan Replay, long Bytes)>();
            var direct = new List<TimeSpan>();
            var parse = new List<TimeSpan>();
            var bodies = batches.Select(b => string.Join('\n', b.Select(p => LineProtocolFormatter.Format(p)))).ToList();
            for (var round = 0; round < Rounds; round++)
            {
                direct.Add(await DirectAsync(batches));
                parse.Add(Parse(bodies, points));
                rounds.Add(await RoundAsync(Path.Combine(root, $"round-{round}"), batches));
            }

            var appendRate = points / Median(rounds.Select(r => r.Append)).TotalSeconds;
            var replayRate = points / Median(rounds.Select(r => r.Replay)).TotalSeconds;
            var directRate = points / Median(direct).TotalSeconds;
            var parseRate = points / Median(parse).TotalSeconds;
            Print($"  spool append, store down   {appendRate,12:N0} points/s   ({batches.Count} fsynced batches; rounds: {Times(rounds.Select(r => r.Append))})");
            Print($"  replay, store back up      {replayRate,12:N0} points/s   (rounds: {Times(rounds.Select(r => r.Replay))})");
            Print($"  straight to the store      {directRate,12:N0} points/s   (rounds: {Times(direct)})");
            Print($"  ratio replay/straight      {replayRate / directRate,12:0.000}");
            Print($"  parsing as line protocol   {parseRate,12:N0} points/s   (what every ingest request costs; replay/parse {replayRate / parseRate:0.00})");
            Print($"  on disk                    {rounds[0].Bytes / (double)points,12:0.0} bytes/point");
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(TimeSpan Append, TimeSpan Replay, long Bytes)> RoundAsync(string folder, List<MetricPoint[]> batches)
    {
        var total = batches.Sum(b => b.Length);
        var store = new MemoryStore { Down = true };
        var options = Options.Create(new SpoolOptions { Path = folder, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) });
        await using var spool = new SpoolingMetricStore(store, options, NullLogger<SpoolingMetricStore>.Instance);

        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await spool.WriteAsync(batch);
        }

        var append = clock.Elapsed;
        var bytes = spool.Status.DepthBytes;
        if (spool.Status.DepthPoints != total)
        {
            throw new InvalidOperationException($"spooled {spool.Status.DepthPoints} of {total} points");
        }

        store.Down = false;
        using var stop = new CancellationTokenSource();
        clock.Restart();
        var replayer = new SpoolReplayer(spool, NullLogger<SpoolReplayer>.Instance).RunAsync(stop.Token);
        while (spool.Status.DepthPoints > 0)
        {
            await Task.Delay(1);
        }

        var replay = clock.Elapsed;
        await stop.CancelAsync();
        await replayer;
        if (store.Count != total)
        {
            throw new InvalidOperationException($"the store got {store.Count} of {total} points");
        }

        return (append, replay, bytes);
    }

    private static async Task<TimeSpan> DirectAsync(List<MetricPoint[]> batches)
    {
        var store = new MemoryStore();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.WriteAsync(batch);
        }

        return clock.Elapsed;
    }

    private static TimeSpan Parse(List<string> bodies, int points)
    {
        var clock = Stopwatch.StartNew();
        var parsed = bodies.Sum(body => LineProtocolParser.Parse(body, Precision.Nanoseconds, 0, MetricValidator.Default).Points.Count);
        var elapsed = clock.Elapsed;
        return parsed == points ? elapsed : throw new InvalidOperationException($"parsed {parsed} points");
    }

    private static IEnumerable<MetricPoint> Points(int count)
    {
        var start = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var district = i % Districts.Length;
            yield return new MetricPoint(
                "air_quality",
                [new Tag("district", Districts[district]), new Tag("province", "Nghệ An"), new Tag("station", $"Trạm {district + 1}")],
                [new Field("pm25", Math.Round(20 + (random.NextDouble() * 30), 2))],
                start + (i / Districts.Length * 10 * Second));
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> times) => times.Order().ElementAt(Rounds / 2);

    private static string Times(IEnumerable<TimeSpan> times) => string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms"));

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// An in-memory store that does the CPU work of the InfluxDB adapter before its network call (formatting the
    /// batch as line protocol), then forgets the points, as a network store does; or is down. Writing to it
    /// straight is the baseline, so the ratio shows what the spool adds to every point it carries.
    /// </summary>
    private sealed class MemoryStore : IMetricStore
    {
        private readonly StringBuilder _body = new();
        private long _count;

        public volatile bool Down;

        public long Count => Interlocked.Read(ref _count);

        public long Bytes { get; private set; }

        public Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                throw new StoreUnavailableException("down (bench)");
            }

            lock (_body)
            {
                _body.Clear();
                foreach (var point in points)
                {
                    LineProtocolFormatter.Append(_body, point);
                    _body.Append('\n');
                }

                Bytes += _body.Length;
            }

            Interlocked.Add(ref _count, points.Count);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SeriesRange>>([]);

        public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LastValue>>([]);

        public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(!Down);
    }
}
