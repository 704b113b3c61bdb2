using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Bench;

/// <summary>
/// The wall screens of a fan-out run spread over one or more nodes, screen <c>c</c> on node <c>c % nodes</c>, each
/// subscribed to the fan-out dashboard. Every screen records each message's latency (as <see cref="FanoutBench"/>
/// does) and, to show a lost, repeated or reordered batch, the sequence number of one series in every point it
/// receives and how many points it received.
/// </summary>
internal sealed class FanoutScreens : IAsyncDisposable
{
    private static readonly string WatchedKey = FanoutMessage.Key(0);

    private readonly HubConnection?[] _connections;
    private readonly ScreenLog[] _logs;
    private readonly float[] _latencies;
    private readonly double[] _sentAt;
    private int _count;

    private FanoutScreens(int n, TimeSpan capacity)
    {
        _connections = new HubConnection?[n];
        _logs = [.. Enumerable.Range(0, n).Select(_ => new ScreenLog())];
        _latencies = new float[n * (int)capacity.TotalSeconds];
        _sentAt = new double[_latencies.Length];
    }

    /// <summary>Connects <paramref name="n"/> screens; <paramref name="cookies"/> holds each node's pool of display cookies.</summary>
    public static async Task<FanoutScreens> ConnectAsync(int n, IReadOnlyList<string> nodeUrls, IReadOnlyList<IReadOnlyList<CookieContainer>> cookies, bool compact, TimeSpan capacity)
    {
        var screens = new FanoutScreens(n, capacity);
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, n).Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                var node = c % nodeUrls.Count;
                var pool = cookies[node];
                screens._connections[c] = await screens.ConnectOneAsync(nodeUrls[node], pool[(c / nodeUrls.Count) % pool.Count], compact, screens._logs[c]);
            }
            finally
            {
                gate.Release();
            }
        }));
        return screens;
    }

    /// <summary>Forgets the latencies so far (messages before the measurement starts); the sequence logs are kept.</summary>
    public void ResetLatencies() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Latencies, sorted, of the messages whose points were written in [from, to).</summary>
    public List<float> LatenciesBetween(double from, double to)
    {
        var taken = Math.Min(Volatile.Read(ref _count), _latencies.Length);
        var window = new List<float>(taken);
        for (var i = 0; i < taken; i++)
        {
            if (_sentAt[i] >= from && _sentAt[i] < to)
            {
                window.Add(_latencies[i]);
            }
        }

        window.Sort();
        return window;
    }

    /// <summary>
    /// Whether every screen received each of the <paramref name="writes"/> batches written since it connected exactly
    /// once and in order: the watched series' numbers run without a gap or a repeat, all screens start from the same
    /// number, and each screen received <see cref="FanoutMessage.Points"/> points a batch.
    /// </summary>
    public DeliveryCheck Check(int writes)
    {
        var snapshots = _logs.Select(l => l.Snapshot()).ToList();
        var first = snapshots.Where(s => s.Seqs.Length > 0).Select(s => s.Seqs[0]).DefaultIfEmpty(0).Min();
        int exact = 0, missing = 0, repeated = 0, reordered = 0;
        foreach (var (seqs, points) in snapshots)
        {
            var ordered = seqs.Zip(seqs.Skip(1)).All(p => p.Second > p.First);
            var distinct = seqs.Distinct().Count();
            if (ordered && seqs.Length == writes && points == (long)writes * FanoutMessage.Points && (seqs.Length == 0 || (seqs[0] == first && seqs[^1] == first + writes - 1)))
            {
                exact++;
                continue;
            }

            if (distinct < seqs.Length)
            {
                repeated++;
            }

            if (!ordered)
            {
                reordered++;
            }

            if (distinct < writes)
            {
                missing++;
            }
        }

        return new DeliveryCheck(snapshots.Count, exact, missing, repeated, reordered);
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_connections.Where(c => c is not null).Select(c => c!.DisposeAsync().AsTask()));

    private async Task<HubConnection> ConnectOneAsync(string url, CookieContainer cookies, bool compact, ScreenLog log)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{url}/hubs/live{(compact ? "?points=compact" : "")}", HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.Cookies = cookies;
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
        connection.On<JsonElement>("Points", batch => Received(batch.GetProperty("points"), compact: false, log));
        connection.On<JsonElement>("CompactPoints", batch => Received(batch.GetProperty("points"), compact: true, log));
        await FanoutBench.ConnectScreenAsync(connection);
        return connection;
    }

    private void Received(JsonElement points, bool compact, ScreenLog log)
    {
        var received = FanoutBench.Now();

        // Every point of a batch has the same timestamp: the first one's is the batch's.
        var time = compact ? points[0][1].GetDouble() : points[0].GetProperty("time").GetDouble();
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _latencies.Length)
        {
            _latencies[i] = (float)(received - time);
            _sentAt[i] = time;
        }

        // Batches written close together may come as one message: the watched series then appears more than once.
        foreach (var point in points.EnumerateArray())
        {
            var key = compact ? point[0] : point.GetProperty("key");
            if (key.ValueEquals(WatchedKey))
            {
                log.Add(compact ? point[2].GetInt64() : point.GetProperty("seq").GetInt64());
            }
        }

        log.Count(points.GetArrayLength());
    }

    /// <summary>What one screen received; a connection's handlers run one at a time, the lock is for the reader.</summary>
    private sealed class ScreenLog
    {
        private readonly List<long> _seqs = new(64);
        private long _points;

        public void Add(long seq)
        {
            lock (_seqs)
            {
                _seqs.Add(seq);
            }
        }

        public void Count(int points) => Interlocked.Add(ref _points, points);

        public (long[] Seqs, long Points) Snapshot()
        {
            lock (_seqs)
            {
                return ([.. _seqs], Interlocked.Read(ref _points));
            }
        }
    }
}

/// <summary>Screens that received every batch exactly once in order, and how the others fell short.</summary>
internal sealed record DeliveryCheck(int Screens, int Exact, int Missing, int Repeated, int Reordered)
{
    public override string ToString() => Exact == Screens
        ? $"{Exact}/{Screens}"
        : $"{Exact}/{Screens} (missing {Missing}, repeated {Repeated}, reordered {Reordered})";
}
