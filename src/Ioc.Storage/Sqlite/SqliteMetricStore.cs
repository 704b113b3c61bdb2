using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Batches are written one at a time through a single
/// connection; reads open pooled connections of their own and never wait for a batch. The file and its tables
/// are created at first use, so constructing the store touches no disk.
/// </summary>
internal sealed partial class SqliteMetricStore : IMetricStore, ISeriesCatalog, IAsyncDisposable
{
    // Virtual-machine steps between checks for a cancelled read: microseconds apart.
    private const int ProgressSteps = 4096;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly ILogger<SqliteMetricStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile SqlitePointWriter? _writer;
    private volatile bool _disposed;

    public SqliteMetricStore(IOptions<SqliteMetricStoreOptions> options, ILogger<SqliteMetricStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        _path = System.IO.Path.GetFullPath(settings.Path);
        _busyTimeout = settings.BusyTimeout;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,

            // Microsoft.Data.Sqlite retries a busy or locked statement until this many seconds have passed.
            DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file, resolved to a full path.</summary>
    public string Path => _path;

    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (points.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var values = OpenWriter().Write(points, cancellationToken);
            LogStored(values, points.Count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var plan = BucketPlan.Create(query.From, query.To, query.MaxBuckets);
        await using var connection = await OpenReaderAsync(cancellationToken);
        return Interruptible(connection, () => SqliteSeriesReader.ReadRange(connection, query, plan, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        await using var connection = await OpenReaderAsync(cancellationToken);
        return Interruptible(connection, () => SqliteSeriesReader.ReadLast(connection, selector, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<SeriesKey>> ListSeriesAsync(string measurement, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReaderAsync(cancellationToken);
        return Interruptible(connection, () => SqliteSeriesReader.ListSeries(connection, measurement, limit), cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM series)";
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotAnswering(ex, _path);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Let a batch under way finish rather than pull its connection away.
        await _writeLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer?.Dispose();
            _writer = null;

            // Idle reader connections would otherwise keep the file open after the store is gone.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Runs a read that stops when it is cancelled: SQLite asks a progress handler every few thousand steps of a
    /// statement whether to go on, so a long aggregation ends within milliseconds instead of running on after its
    /// caller has gone. Unlike sqlite3_interrupt, a handler cannot miss a cancellation that falls between statements.
    /// </summary>
    private static T Interruptible<T>(SqliteConnection connection, Func<T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled)
        {
            return read();
        }

        var handle = connection.Handle;
        SQLitePCL.raw.sqlite3_progress_handler(handle, ProgressSteps, static token => ((StrongBox<CancellationToken>)token).Value.IsCancellationRequested ? 1 : 0, new StrongBox<CancellationToken>(cancellationToken));
        try
        {
            return read();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the read was cancelled", ex, cancellationToken);
        }
        finally
        {
            // The connection goes back to the pool, where the next reader's token is not this one.
            SQLitePCL.raw.sqlite3_progress_handler(handle, 0, null, null);
        }
    }

    /// <summary>Opens the file and brings its schema up to date on first use. Call with the write lock held.</summary>
    private SqlitePointWriter OpenWriter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is { } writer)
        {
            return writer;
        }

        var folder = System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var journalMode = SqliteSchema.Apply(connection, _busyTimeout);
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogNotWal(_path, journalMode);
            }

            writer = new SqlitePointWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _writer = writer;
        LogOpened(_path, SqliteSchema.CurrentVersion);
        return writer;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                OpenWriter();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        return await SqliteConnections.OpenAsync(_connectionString, cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Opened metric store {Path} (schema version {Version})")]
    private partial void LogOpened(string path, int version);

    [LoggerMessage(LogLevel.Debug, "Stored {Values} values of {Count} points")]
    private partial void LogStored(int values, int count);

    [LoggerMessage(LogLevel.Warning, "Metric store {Path} runs in journal mode {JournalMode}, not WAL; reads will wait for writes")]
    private partial void LogNotWal(string path, string journalMode);

    [LoggerMessage(LogLevel.Warning, "Metric store {Path} does not answer")]
    private partial void LogNotAnswering(Exception ex, string path);
}
