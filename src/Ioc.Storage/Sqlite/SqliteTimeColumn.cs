using System.Globalization;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// How a time is written in the configuration database: UTC text to the microsecond, as PostgreSQL keeps it, so
/// both adapters answer the same time for the same write. Fixed width, so the text sorts as the times do.
/// </summary>
internal static class SqliteTimeColumn
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    // "ffffff" drops the last tenth of a microsecond rather than rounding, as Npgsql does for timestamptz.
    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string value) =>
        DateTimeOffset.ParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
