using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ioc.Server.Live;

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
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

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
        // A node may start before Redis does; it subscribes once Redis answers (and Redis's client resubscribes after).
        while (true)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
                {
                    var until = clock.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
                    foreach (var key in ((string?)message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        _until[key] = until;
                    }
                });
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRenewalFailed(ex);
                await Task.Delay(Retry, clock, stoppingToken);
            }
        }

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

    [LoggerMessage(LogLevel.Warning, "Could not share the series this node watches through Redis; will retry")]
    private partial void LogRenewalFailed(Exception ex);
}
