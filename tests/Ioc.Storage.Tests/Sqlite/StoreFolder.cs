using Ioc.Core.Metrics;
using Ioc.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.Sqlite;

/// <summary>A temporary folder of one test, holding its database file; deleted with everything opened on it.</summary>
internal sealed class StoreFolder : IAsyncDisposable
{
    private readonly List<SqliteMetricStore> _stores = [];

    public StoreFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "ioc-storage-tests", Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(Folder, "ioc.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>A new store on this folder's file; several may be open on it at once, as two processes would.</summary>
    public SqliteMetricStore Open()
    {
        var store = new SqliteMetricStore(
            Options.Create(new SqliteMetricStoreOptions { Path = DatabasePath, BusyTimeout = TimeSpan.FromSeconds(30) }),
            NullLogger<SqliteMetricStore>.Instance);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>Points as collectors produce them, in a range the validator accepts.</summary>
internal static class TestPoints
{
    public static readonly long Start = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public const long Second = 1_000_000_000;

    public static MetricPoint Point(string measurement, (string Key, string Value)[] tags, string field, double value, long timestamp) =>
        new(measurement, tags.Select(t => new Tag(t.Key, t.Value)), [new Field(field, value)], timestamp);

    public static MetricPoint Point(string measurement, string field, double value, long timestamp) =>
        Point(measurement, [], field, value, timestamp);

    /// <summary>Fails the test when a point would not pass the validator: the store is only given valid points.</summary>
    public static IReadOnlyList<MetricPoint> Valid(IReadOnlyList<MetricPoint> points)
    {
        foreach (var point in points)
        {
            var reason = MetricValidator.Default.Validate(point);
            Assert.True(reason is null, $"test data is invalid: {point}: {reason}");
        }

        return points;
    }
}
