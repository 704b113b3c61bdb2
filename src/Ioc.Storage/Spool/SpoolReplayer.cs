using Ioc.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ioc.Storage.Spool;

/// <summary>
/// Drains the spool into the store, oldest first, for as long as <see cref="RunAsync"/> runs (the server hosts it
/// as a background service). A window of records is written, then checkpointed; while the store is unavailable
/// the same window is retried, after the store's Retry-After or an exponential back-off with jitter, so order
/// holds. A window the store keeps failing with anything else is retried a few times, then given up and counted
/// as dropped: one poisoned batch must not stop everything behind it. Whatever else goes wrong is logged, reported
/// in the spool's status and retried after a back-off: only cancellation ends the replayer, since one that died would
/// leave the spool filling up behind a healthy-looking process.
/// </summary>
internal sealed partial class SpoolReplayer
{
    private const int MaxUnexpectedFailures = 5;

    private readonly SpoolingMetricStore _spool;
    private readonly ILogger<SpoolReplayer> _logger;
    private readonly TimeProvider _clock;

    // Failures that escaped the replay loop, in a row; reset by the next window that gets through.
    private int _crashes;

    public SpoolReplayer(SpoolingMetricStore spool, ILogger<SpoolReplayer> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(spool);
        _spool = spool;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Replays until <paramref name="stoppingToken"/> is cancelled; returns then without throwing.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_spool.TryClaimReplay())
        {
            throw new InvalidOperationException("a replayer is already running on this spool; two would replay the same records");
        }

        try
        {
            // Hand the host its thread back at once: reading a window from disk is no part of starting up.
            await Task.Yield();
            while (await RunOnceAsync(stoppingToken))
            {
            }
        }
        finally
        {
            _spool.ReleaseReplay();
        }
    }

    /// <summary>Runs the replay loop until it fails; false when that is the end (stopping, or the spool closed).</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay;
        try
        {
            await ReplayAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (ObjectDisposedException) when (_spool.IsDisposed)
        {
            // The spool was closed under us: shutting down.
            return false;
        }
        catch (Exception ex)
        {
            // A bug, or something no one foresaw (a store closed under us, say): the window is read again after the
            // back-off, and a store that works by then gets it.
            delay = Backoff(++_crashes, _spool.Options);
            LogCrashed(ex, _spool.Status.DepthPoints, delay.TotalSeconds);
            await _spool.ReportReplayFailureAsync($"replay failed unexpectedly: {ex.GetType().Name}: {ex.Message}", _clock.GetUtcNow() + delay);
        }

        try
        {
            await Task.Delay(delay, _clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        var options = _spool.Options;
        SpoolWindow? window = null;
        var failures = 0;
        var unexpected = 0;
        while (true)
        {
            string problem;
            TimeSpan delay;
            var writing = false;
            try
            {
                var current = window ??= await _spool.ReadWindowAsync(stoppingToken);

                // Set by our own back-off, or by a direct write that just failed and filled the spool.
                // Both sources of it are capped already; the cap here only makes sure that no value can break the timer.
                var wait = _spool.ReplayNotBefore - _clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(Min(wait, Max(options.MaxRetryAfter, options.MaxBackoff)), _clock, stoppingToken);
                }

                var delivered = true;
                if (current.Points.Count > 0)
                {
                    writing = true;
                    try
                    {
                        await _spool.Inner.WriteAsync(current.Points, stoppingToken);
                    }
                    catch (Exception ex) when (IsUnexpected(ex, stoppingToken))
                    {
                        if (++unexpected < MaxUnexpectedFailures)
                        {
                            throw;
                        }

                        LogGaveUp(ex, current.Points.Count, unexpected);
                        delivered = false;
                    }

                    writing = false;
                }

                await _spool.CommitAsync(current, delivered);
                if (failures > 0 && delivered)
                {
                    LogResumed(failures, current.Points.Count);
                }

                if (_spool.Status.DepthPoints == 0 && delivered && current.Points.Count > 0)
                {
                    LogDrained(_spool.Status.ReplayedPoints);
                }

                window = null;
                failures = 0;
                unexpected = 0;
                _crashes = 0;
                continue;
            }
            catch (StoreUnavailableException ex)
            {
                failures++;
                delay = ex.RetryAfter is { } hint && hint > TimeSpan.Zero ? Min(hint, options.MaxRetryAfter) : Backoff(failures, options);
                problem = $"store unavailable: {ex.Message}";
                LogUnavailable(window?.Points.Count ?? 0, ex.Message, delay.TotalSeconds);
            }
            catch (OperationCanceledException ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A time-out the store did not turn into "unavailable": a slow store, never a poisoned batch.
                failures++;
                delay = Backoff(failures, options);
                problem = $"store timed out: {ex.Message}";
                LogUnavailable(window?.Points.Count ?? 0, ex.Message, delay.TotalSeconds);
            }
            catch (Exception ex) when (writing && IsUnexpected(ex, stoppingToken))
            {
                failures++;
                delay = Backoff(failures, options);
                problem = $"replay failed: {ex.Message}";
                LogFailed(ex, window?.Points.Count ?? 0, unexpected, delay.TotalSeconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The spool's own disk: reading a window or writing the checkpoint failed. The window, if read, is
                // kept and delivered again, which overwrites.
                failures++;
                delay = Backoff(failures, options);
                problem = $"spool disk error: {ex.Message}";
                LogDiskError(ex, _spool.Status.DepthPoints, delay.TotalSeconds);
            }

            await _spool.ReportReplayFailureAsync(problem, _clock.GetUtcNow() + delay);
        }
    }

    private static bool IsUnexpected(Exception ex, CancellationToken stoppingToken) =>
        ex is not (StoreUnavailableException or ObjectDisposedException or OperationCanceledException) && !stoppingToken.IsCancellationRequested;

    /// <summary>Initial back-off doubled per failure up to the maximum, then ±20 % so that Ioc processes do not retry in step.</summary>
    internal static TimeSpan Backoff(int failures, SpoolOptions options)
    {
        var exponent = Math.Min(failures - 1, 30);
        var raw = Min(options.InitialBackoff * Math.Pow(2, exponent), options.MaxBackoff);
#pragma warning disable CA5394 // Jitter spreads retries; it protects nothing.
        var jittered = raw * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return Min(jittered, options.MaxBackoff);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Spool replay of {Count} points: store unavailable ({Reason}); retrying in {Seconds:0.#} s")]
    private partial void LogUnavailable(int count, string reason, double seconds);

    [LoggerMessage(LogLevel.Error, "Spool replay of {Count} points failed ({Attempt} in a row); retrying in {Seconds:0.#} s")]
    private partial void LogFailed(Exception exception, int count, int attempt, double seconds);

    [LoggerMessage(LogLevel.Error, "Spool replay gave up {Count} points after {Attempts} failures; they are counted as dropped")]
    private partial void LogGaveUp(Exception exception, int count, int attempts);

    [LoggerMessage(LogLevel.Error, "Spool replay failed unexpectedly with {Depth} points waiting; retrying in {Seconds:0.#} s")]
    private partial void LogCrashed(Exception exception, long depth, double seconds);

    [LoggerMessage(LogLevel.Error, "Spool disk error with {Depth} points waiting; retrying in {Seconds:0.#} s")]
    private partial void LogDiskError(Exception exception, long depth, double seconds);

    [LoggerMessage(LogLevel.Information, "Store answers again after {Failures} failed replay attempt(s); replayed {Count} points")]
    private partial void LogResumed(int failures, int count);

    [LoggerMessage(LogLevel.Information, "Spool drained; {Replayed} points replayed since start-up")]
    private partial void LogDrained(long replayed);
}
