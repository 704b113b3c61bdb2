using System.Data;
using System.Data.Common;
using System.Globalization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.Sql;

/// <summary>
/// Runs one checked SELECT per run, in a read-only transaction that is rolled back afterwards, with <c>@from</c> and
/// <c>@to</c> bound to the run's window, and maps the rows to points. Every error names the source redacted.
/// </summary>
internal sealed partial class SqlCollector : ICollector
{
    private readonly SqlDialect _dialect;
    private readonly SqlSource _source;
    private readonly SelectStatement _statement;
    private readonly CronSchedule _schedule;
    private readonly TimeSpan _timeout;
    private readonly SqlPointMapping _mapping;
    private readonly ILogger _logger;

    public SqlCollector(SqlDialect dialect, SqlSource source, SelectStatement statement, CronSchedule schedule, TimeSpan timeout, SqlPointMapping mapping, ILogger logger)
    {
        _dialect = dialect;
        _source = source;
        _statement = statement;
        _schedule = schedule;
        _timeout = timeout;
        _mapping = mapping;
        _logger = logger;
    }

    /// <summary>
    /// The rows a run stands for: from the schedule's previous slot (inclusive) to the run's own slot (exclusive), so
    /// consecutive runs read adjacent windows and a repeated run of one slot reads the same rows.
    /// </summary>
    public SqlWindow WindowOf(DateTimeOffset slot)
    {
        // The latest occurrence strictly before the slot (one tick earlier, and occurrences fall on whole seconds).
        // SlotAtOrBefore looks back a year and otherwise answers the time itself, which is then no occurrence.
        var previous = _schedule.SlotAtOrBefore(slot.AddTicks(-1));
        if (_schedule.Next(previous.AddSeconds(-1)) != previous)
        {
            throw new CollectorException($"schedule '{_schedule.Text}' has no slot in the year before {slot:o}, so @from has no value");
        }

        return new SqlWindow(previous, slot);
    }

    public async Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = WindowOf(context.ScheduledTime);
        var where = $"{_dialect.Name} {_source.Shown}";
        await using var connection = _dialect.CreateConnection(_source);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Failure($"cannot connect to {where}: {_source.Scrub(ex.Message)}", IsTransient(ex), cancellationToken);
        }

        SqlRows rows;
        try
        {
            await using var transaction = await _dialect.BeginReadOnlyAsync(connection, _timeout, cancellationToken);
            await using (var command = _dialect.CreateQuery(connection, transaction, _statement, window, _timeout))
            {
                rows = await ReadAsync(command, context.Timestamp, where, cancellationToken);
            }

            // Nothing the query did is kept, whatever the server allowed it to do.
            await transaction.RollbackAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or CollectorException))
        {
            var reason = _dialect.IsTimeout(ex)
                ? $"{where}: the query did not finish within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (spec.timeout) and was stopped"
                : $"{where}: the query failed: {_source.Scrub(ex.Message)}";
            throw Failure(reason, _dialect.IsTimeout(ex) || IsTransient(ex), cancellationToken);
        }

        if (rows.Nulls > 0 || rows.RowsWithoutValues > 0)
        {
            LogNullsSkipped(context.CollectorId, context.ScheduledTime, rows.Nulls, string.Join(", ", rows.NullsByColumn.Select(c => $"{c.Key}: {c.Value}")), rows.RowsWithoutValues);
        }

        return rows.Points;
    }

    private async Task<SqlRows> ReadAsync(DbCommand command, long slotTimestamp, string where, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken);
        try
        {
            return await _mapping.ReadAsync(reader, slotTimestamp, where, cancellationToken);
        }
        catch (CollectorException)
        {
            // A row the mapping refused (or one past maxRows): stop the rest of the result on the server, rather than
            // read it to its end, which is what closing an unfinished reader does. The cancel then ends the reader.
            command.Cancel();
            await CloseCancelledAsync(reader);
            throw;
        }
        finally
        {
            await reader.DisposeAsync();
        }
    }

    private static async Task CloseCancelledAsync(DbDataReader reader)
    {
        try
        {
            await reader.DisposeAsync();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            // The server reporting the cancel just asked for; the mapping's error is the one to tell.
        }
    }

    /// <summary>
    /// The exception a driver error becomes: a <see cref="CollectorException"/> with the scrubbed reason and without
    /// the driver's exception (whose text is not scrubbed), or, when the run was being cancelled anyway, the cancellation.
    /// </summary>
    private static Exception Failure(string reason, bool transient, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : new CollectorException(reason) { Transient = transient };

    /// <summary>
    /// A refused or dropped connection, a failover, a deadlock: the drivers say so through <see cref="DbException.IsTransient"/>.
    /// A wrong password, a missing table or a syntax error is not, and is not asked again.
    /// </summary>
    private static bool IsTransient(Exception ex) =>
        ex is DbException { IsTransient: true } or IOException or TimeoutException or System.Net.Sockets.SocketException ||
        ex.InnerException is IOException or TimeoutException or System.Net.Sockets.SocketException;

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} left out {Nulls} NULL field values for {ScheduledTime:o} ({Columns}); {RowsWithoutValues} rows had no value at all and gave no point")]
    private partial void LogNullsSkipped(string collectorId, DateTimeOffset scheduledTime, int nulls, string columns, int rowsWithoutValues);
}
