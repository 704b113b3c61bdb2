using System.Collections.Concurrent;

namespace Ioc.Server.Features.Dashboards;

/// <summary>
/// Shares a dashboard's data reads among the screens asking at the same moment, as a whole room does when it
/// resyncs after a node or Redis comes back. A request never joins a read already running (its snapshot of the live
/// sequences could predate the request); it waits for the next read of that dashboard and unit, which starts when
/// the running one ends and answers every request that came meanwhile. So each answer is still read after its
/// request arrived, and a storm of N requests costs a few reads instead of N.
/// </summary>
internal sealed class DashboardReads
{
    private readonly ConcurrentDictionary<(string Dashboard, string Unit), Line> _lines = new();

    /// <summary>Dashboards and units with a read running now.</summary>
    public int Busy => _lines.Count;

    /// <summary>
    /// The answer of a read of <paramref name="key"/> started at or after this call. <paramref name="read"/> runs
    /// under its own budget, not the request's: others wait on it, and one screen going away must not cancel it.
    /// </summary>
    public Task<DashboardData> ReadAsync((string Dashboard, string Unit) key, Func<CancellationToken, Task<DashboardData>> read, TimeSpan budget, CancellationToken cancellationToken)
    {
        var line = _lines.GetOrAdd(key, static (key, lines) => new Line(key, lines), _lines);
        return line.Join(read, budget).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The reads of one dashboard and unit: at most one running, and one waiting to start after it. An idle line
    /// leaves the map, which any unit code a reader sends would otherwise grow; a request that took it just before
    /// still reads, on its own.
    /// </summary>
    private sealed class Line((string, string) key, ConcurrentDictionary<(string, string), Line> lines)
    {
        private readonly Lock _gate = new();
        private bool _running;
        private TaskCompletionSource<DashboardData>? _next;
        private Func<CancellationToken, Task<DashboardData>>? _nextRead;

        public Task<DashboardData> Join(Func<CancellationToken, Task<DashboardData>> read, TimeSpan budget)
        {
            TaskCompletionSource<DashboardData> answer;
            lock (_gate)
            {
                if (_running)
                {
                    if (_next is null)
                    {
                        _next = new TaskCompletionSource<DashboardData>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _nextRead = read;
                    }

                    return _next.Task;
                }

                _running = true;
                answer = new TaskCompletionSource<DashboardData>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ = RunAsync(read, answer, budget);
            return answer.Task;
        }

        private async Task RunAsync(Func<CancellationToken, Task<DashboardData>> read, TaskCompletionSource<DashboardData> answer, TimeSpan budget)
        {
            while (true)
            {
                using (var timeout = new CancellationTokenSource(budget))
                {
                    try
                    {
                        answer.TrySetResult(await read(timeout.Token));
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        answer.TrySetException(new DashboardReadTimeoutException(budget));
                    }
                    catch (Exception ex)
                    {
                        answer.TrySetException(ex);
                    }
                }

                lock (_gate)
                {
                    if (_next is null)
                    {
                        _running = false;
                        lines.TryRemove(KeyValuePair.Create(key, this));
                        return;
                    }

                    (answer, read) = (_next, _nextRead!);
                    (_next, _nextRead) = (null, null);
                }
            }
        }
    }
}

/// <summary>A shared dashboard read ran past its budget (<c>Ioc:Query:Timeout</c>); every request waiting on it gets a 503.</summary>
internal sealed class DashboardReadTimeoutException(TimeSpan budget) : TimeoutException($"The dashboard's read did not finish within {budget.TotalSeconds:0.###} s.");
