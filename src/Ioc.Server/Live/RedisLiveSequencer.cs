using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Microsoft.AspNetCore.SignalR;
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
