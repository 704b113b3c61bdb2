using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ioc.Server.Live;

/// <summary>
/// Watches the Redis connection: a lost one resets this node's screens; every second the stream is re-read and, once
/// Redis answers after a failure, every screen of the cluster is told to resync.
/// </summary>
internal sealed partial class RedisLiveMonitor(
    IConnectionMultiplexer redis, RedisLiveSequencer sequencer, LiveResets resets, IHubContext<LiveHub, ILiveClient> hub, ILogger<RedisLiveMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

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
                        if (resets.ResyncOwed)
                        {
                            await resets.PayResyncAsync(hub);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
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

    [LoggerMessage(LogLevel.Debug, "Could not read the live stream from Redis, or tell screens to resync")]
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
