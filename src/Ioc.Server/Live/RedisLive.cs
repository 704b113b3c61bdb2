using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ioc.Server.Live;

/// <summary>
/// Numbers live points in Redis, so every node numbers a series alike and a screen on any node sees one sequence.
/// The stream lives in Redis too: a Redis that lost its data starts a new stream, and every screen resyncs.
/// </summary>
internal sealed class RedisLiveSequencer(IConnectionMultiplexer redis, IOptions<LiveOptions> options) : ILiveSequencer
{
    // KEYS[1] stream, KEYS[2] the series' last numbers, KEYS[3..] dashboards' last numbers.
    // ARGV[1] a stream to start if there is none, then per entry: series key, n, n indexes into KEYS.
    private const string NumberScript = """
        local stream = redis.call('GET', KEYS[1])
        if not stream then redis.call('SET', KEYS[1], ARGV[1]) stream = ARGV[1] end
        local out = {stream}
        local i = 2
        while i <= #ARGV do
          local seq = redis.call('HINCRBY', KEYS[2], ARGV[i], 1)
          local n = tonumber(ARGV[i + 1])
          for j = 1, n do redis.call('HSET', KEYS[tonumber(ARGV[i + 1 + j])], ARGV[i], seq) end
          out[#out + 1] = seq
          i = i + 2 + n
        end
        return out
        """;

    private const string DashboardScript = """
        local stream = redis.call('GET', KEYS[1])
        if not stream then redis.call('SET', KEYS[1], ARGV[1]) stream = ARGV[1] end
        local out = {stream}
        for _, v in ipairs(redis.call('HGETALL', KEYS[2])) do out[#out + 1] = v end
        return out
        """;

    private const string SeriesScript = """
        local stream = redis.call('GET', KEYS[1])
        if not stream then redis.call('SET', KEYS[1], ARGV[1]) stream = ARGV[1] end
        local out = {stream}
        for i = 2, #ARGV do
          local seq = redis.call('HGET', KEYS[2], ARGV[i])
          if seq then out[#out + 1] = ARGV[i] out[#out + 1] = seq end
        end
        return out
        """;

    private readonly string _prefix = options.Value.Redis.Prefix + ":live:";
    private volatile string _stream = "";

    public string Stream => _stream;

    private RedisKey StreamKey => _prefix + "stream";

    private RedisKey SeriesKey => _prefix + "seq";

    public async ValueTask<Numbered> NumberAsync(IReadOnlyList<Numbering> entries, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var keys = new List<RedisKey> { StreamKey, SeriesKey };
        var dashboards = new Dictionary<string, int>(StringComparer.Ordinal);
        var args = new List<RedisValue>(1 + (entries.Count * 3)) { NewStream() };
        foreach (var entry in entries)
        {
            args.Add(entry.Series.Text);
            args.Add(entry.Dashboards.Count);
            foreach (var dashboard in entry.Dashboards)
            {
                if (!dashboards.TryGetValue(dashboard, out var index))
                {
                    keys.Add(DashboardKey(dashboard));
                    dashboards[dashboard] = index = keys.Count;
                }

                args.Add(index);
            }
        }

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(NumberScript, [.. keys], [.. args]))!;
        var seqs = new long[entries.Count];
        for (var i = 0; i < seqs.Length; i++)
        {
            seqs[i] = (long)result[i + 1];
        }

        return new Numbered(Observe(result[0]), seqs);
    }

    public async ValueTask<Subscription> DashboardSnapshotAsync(string dashboardId, Func<SeriesKey, bool> feeds, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(DashboardScript, [StreamKey, DashboardKey(dashboardId)], [NewStream()]))!;
        return new Subscription(Observe(result[0]), Pairs(result));
    }

    public async ValueTask<Subscription> SeriesSnapshotAsync(IReadOnlyCollection<SeriesKey> keys, CancellationToken cancellationToken)
    {
        ThrowIfDisconnected();
        RedisValue[] args = [NewStream(), .. keys.Select(k => (RedisValue)k.Text)];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(SeriesScript, [StreamKey, SeriesKey], args))!;
        return new Subscription(Observe(result[0]), Pairs(result));
    }

    /// <summary>Reads the stream (starting one if Redis has none), so a node that has not numbered yet knows it.</summary>
    public async Task RefreshAsync()
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(SeriesScript, [StreamKey, SeriesKey], [NewStream()]))!;
        Observe(result[0]);
    }

    private static Dictionary<string, long> Pairs(RedisResult[] result)
    {
        var sequences = new Dictionary<string, long>((result.Length - 1) / 2, StringComparer.Ordinal);
        for (var i = 1; i + 1 < result.Length; i += 2)
        {
            sequences[(string)result[i]!] = (long)result[i + 1];
        }

        return sequences;
    }

    private string Observe(RedisResult stream) => _stream = (string)stream!;

    private RedisKey DashboardKey(string dashboardId) => _prefix + "seq:d:" + dashboardId;

    private static string NewStream() => Guid.NewGuid().ToString("N")[..12];

    // Fails at once rather than wait out a timeout per batch while Redis is away.
    private void ThrowIfDisconnected()
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected");
        }
    }
}

/// <summary>Series watched directly (SubscribeSeries) on any node, so the node that accepts a write sends them too.</summary>
internal interface IClusterWatch
{
    bool IsWatched(string seriesKey);

    /// <summary>Tells every node this node now watches these series; returns once Redis has it.</summary>
    Task WatchAsync(IReadOnlyCollection<string> seriesKeys, CancellationToken cancellationToken);
}

/// <summary>One node: what this node watches is all there is.</summary>
internal sealed class LocalClusterWatch : IClusterWatch
{
    public bool IsWatched(string seriesKey) => false;

    public Task WatchAsync(IReadOnlyCollection<string> seriesKeys, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Watched series are leased in a Redis hash (series → until) and announced on a channel: a node learns of a new
/// watcher at once, renews its own watchers' leases, and forgets series nobody renewed.
/// </summary>
internal sealed partial class RedisClusterWatch(
    IConnectionMultiplexer redis, LiveSubscriptions local, IOptions<LiveOptions> options, TimeProvider clock, ILogger<RedisClusterWatch> logger)
    : BackgroundService, IClusterWatch
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, long> _until = new(StringComparer.Ordinal);
    private readonly RedisKey _hash = options.Value.Redis.Prefix + ":live:watched";
    private readonly RedisChannel _channel = RedisChannel.Literal("live:watched");

    public bool IsWatched(string seriesKey) => _until.TryGetValue(seriesKey, out var until) && until > clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task WatchAsync(IReadOnlyCollection<string> seriesKeys, CancellationToken cancellationToken)
    {
        if (seriesKeys.Count == 0)
        {
            return;
        }

        var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
        foreach (var key in seriesKeys)
        {
            _until[key] = until;
        }

        var db = redis.GetDatabase();
        await db.HashSetAsync(_hash, [.. seriesKeys.Select(k => new HashEntry(k, until))]);
        await redis.GetSubscriber().PublishAsync(_channel, string.Join('\n', seriesKeys));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
        {
            var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
            foreach (var key in ((string?)message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                _until[key] = until;
            }
        });

        using var timer = new PeriodicTimer(Renewal, clock);
        do
        {
            try
            {
                await RenewAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRenewalFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RenewAsync()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var mine = local.Keys();
        var db = redis.GetDatabase();
        if (mine.Count > 0)
        {
            var until = now + (long)Lease.TotalMilliseconds;
            await db.HashSetAsync(_hash, [.. mine.Select(k => new HashEntry(k, until))]);
        }

        var expired = new List<RedisValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in await db.HashGetAllAsync(_hash))
        {
            var key = (string)entry.Name!;
            if ((long)entry.Value <= now)
            {
                expired.Add(entry.Name);
                continue;
            }

            _until[key] = (long)entry.Value;
            seen.Add(key);
        }

        foreach (var key in _until.Keys.Where(k => !seen.Contains(k)))
        {
            _until.TryRemove(key, out _);
        }

        if (expired.Count > 0)
        {
            await db.HashDeleteAsync(_hash, [.. expired]);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not renew the series this node watches in Redis; will retry")]
    private partial void LogRenewalFailed(Exception ex);
}

/// <summary>
/// Drops every live connection of this node when live delivery can no longer be trusted (Redis went away, numbering
/// failed): a screen then shows it is offline, reconnects with backoff, and resyncs from the query API once it can,
/// instead of quietly showing numbers that stopped arriving.
/// </summary>
internal sealed partial class LiveResets(LiveConnections connections, TimeProvider clock, ILogger<LiveResets> logger)
{
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(5);
    private long _last = long.MinValue;

    public void Reset(string reason)
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        if (last != long.MinValue && clock.GetElapsedTime(last, now) < MinGap)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _last, now, last) != last)
        {
            return;
        }

        var dropped = 0;
        foreach (var context in connections.All.ToList())
        {
            connections.Closed(context.ConnectionId);
            context.Abort();
            dropped++;
        }

        LogReset(dropped, reason);
    }

    [LoggerMessage(LogLevel.Warning, "Dropped {Count} live connections so their screens resync: {Reason}")]
    private partial void LogReset(int count, string reason);
}

/// <summary>Watches the Redis connection: a lost one resets this node's screens; the stream is re-read every few seconds.</summary>
internal sealed partial class RedisLiveMonitor(IConnectionMultiplexer redis, RedisLiveSequencer sequencer, LiveResets resets, ILogger<RedisLiveMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnFailed;
        redis.ConnectionRestored += OnRestored;
        try
        {
            using var timer = new PeriodicTimer(Interval);
            do
            {
                try
                {
                    if (redis.IsConnected)
                    {
                        await sequencer.RefreshAsync();
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    LogRefreshFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            redis.ConnectionFailed -= OnFailed;
            redis.ConnectionRestored -= OnRestored;
        }
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        LogLost(e.ConnectionType, e.FailureType);
        resets.Reset($"Redis connection lost ({e.FailureType})");
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e) => LogRestored(e.ConnectionType);

    [LoggerMessage(LogLevel.Warning, "Redis {ConnectionType} connection lost ({FailureType}): live delivery across nodes is down until it returns")]
    private partial void LogLost(ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(LogLevel.Information, "Redis {ConnectionType} connection restored")]
    private partial void LogRestored(ConnectionType connectionType);

    [LoggerMessage(LogLevel.Debug, "Could not read the live stream from Redis")]
    private partial void LogRefreshFailed(Exception ex);
}

/// <summary>Degraded, not unhealthy, without Redis: writes and reads go on; only live delivery waits for it.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis answers; live points reach screens on every node")
            : HealthCheckResult.Degraded("Redis is not connected: screens show offline until it returns; writes and reads go on"));
}
