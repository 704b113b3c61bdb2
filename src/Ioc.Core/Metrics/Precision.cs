namespace Ioc.Core.Metrics;

/// <summary>Timestamp precision of line protocol, as named by InfluxDB's <c>precision</c> parameter.</summary>
public enum Precision
{
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,

    /// <summary>InfluxDB 1.x's <c>/write</c> only.</summary>
    Minutes,

    /// <summary>InfluxDB 1.x's <c>/write</c> only.</summary>
    Hours,
}

public static class PrecisionExtensions
{
    public static long NanosecondsPerUnit(this Precision precision) => precision switch
    {
        Precision.Nanoseconds => 1,
        Precision.Microseconds => 1_000,
        Precision.Milliseconds => 1_000_000,
        Precision.Seconds => 1_000_000_000,
        Precision.Minutes => 60_000_000_000,
        Precision.Hours => 3_600_000_000_000,
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };

    /// <summary>Accepts the names used by InfluxDB 1.x (<c>n, u, ms, s</c>) and 2.x (<c>ns, us, ms, s</c>).</summary>
    public static bool TryParse(string? text, out Precision precision)
    {
        switch (text)
        {
            case null or "" or "n" or "ns":
                precision = Precision.Nanoseconds;
                return true;
            case "u" or "us" or "µ" or "µs":
                precision = Precision.Microseconds;
                return true;
            case "ms":
                precision = Precision.Milliseconds;
                return true;
            case "s":
                precision = Precision.Seconds;
                return true;
            default:
                precision = Precision.Nanoseconds;
                return false;
        }
    }

    /// <summary>
    /// What InfluxDB 1.x's <c>/write</c> accepts: the names of <see cref="TryParse"/>, and also <c>m</c> and <c>h</c>,
    /// which the 2.x API does not know.
    /// </summary>
    public static bool TryParseV1(string? text, out Precision precision)
    {
        switch (text)
        {
            case "m":
                precision = Precision.Minutes;
                return true;
            case "h":
                precision = Precision.Hours;
                return true;
            default:
                return TryParse(text, out precision);
        }
    }

    public static string ToParameter(this Precision precision) => precision switch
    {
        Precision.Nanoseconds => "ns",
        Precision.Microseconds => "us",
        Precision.Milliseconds => "ms",
        Precision.Seconds => "s",
        Precision.Minutes => "m",
        Precision.Hours => "h",
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };
}

public static class UnixTime
{
    public static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static DateTimeOffset FromNanoseconds(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    public static double ToMilliseconds(long nanoseconds) => nanoseconds / 1_000_000d;
}
