using System.Globalization;
using Hangfire.Storage;

namespace Ioc.Server.Scheduling;

/// <summary>
/// The last slot run of each collector, kept in the job storage beside the schedule, so every process sharing the
/// storage sees it and it outlives an outage of that storage. Written by the run holding the collector's lock; a run
/// skipped because another held it notes its slot apart, so that a skipped slot is not taken for a missed one.
/// </summary>
internal static class CollectorSlotMarks
{
    private const string RunField = "run";
    private const string SkippedField = "skipped";

    public static string Key(string collectorId) => "ioc:collector-slots:" + collectorId;

    /// <summary>The newest slot run or skipped, if any.</summary>
    public static DateTimeOffset? Last(IStorageConnection connection, string collectorId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var entries = connection.GetAllEntriesFromHash(Key(collectorId));
        if (entries is null)
        {
            return null;
        }

        DateTimeOffset? last = null;
        foreach (var field in (ReadOnlySpan<string>)[RunField, SkippedField])
        {
            if (entries.TryGetValue(field, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                var slot = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                last = last is { } l && l >= slot ? l : slot;
            }
        }

        return last;
    }

    public static void SetRun(IStorageConnection connection, string collectorId, DateTimeOffset slot) => Set(connection, collectorId, RunField, slot);

    public static void SetSkipped(IStorageConnection connection, string collectorId, DateTimeOffset slot) => Set(connection, collectorId, SkippedField, slot);

    /// <summary>For a collector no longer scheduled: its next schedule starts afresh, with nothing to catch up.</summary>
    public static void Forget(IStorageConnection connection, string collectorId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(Key(collectorId));
        transaction.Commit();
    }

    private static void Set(IStorageConnection connection, string collectorId, string field, DateTimeOffset slot)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(Key(collectorId), [new(field, slot.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))]);
        transaction.Commit();
    }
}
