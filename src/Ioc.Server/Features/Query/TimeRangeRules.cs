using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Server.Features.Query;

/// <summary>
/// The one check every time range entering the server passes: from the epoch, not beyond what ingest accepts as the
/// future, no longer than <see cref="QueryOptions.MaxSpan"/>. A range that passes always has a <see cref="BucketPlan"/>.
/// </summary>
internal sealed class TimeRangeRules(TimeProvider clock, TimeSpan maxFutureSkew, TimeSpan maxSpan)
{
    private const double NanosecondsPerMillisecond = 1_000_000;

    /// <summary>Adds a message per bad field to <paramref name="errors"/>; the range in Unix nanoseconds when both ends pass.</summary>
    /// <param name="from">Unix milliseconds, inclusive.</param>
    /// <param name="to">Unix milliseconds, exclusive.</param>
    public (long From, long To)? Check(double from, double to, Dictionary<string, string[]> errors, string prefix = "")
    {
        var latest = UnixTime.ToMilliseconds(UnixTime.ToNanoseconds(clock.GetUtcNow() + maxFutureSkew));
        var before = errors.Count;
        if (!double.IsFinite(from) || from < 0)
        {
            errors[prefix + "from"] = [$"must be a time in Unix milliseconds at or after 0 (1970-01-01), not {from}"];
        }

        if (!double.IsFinite(to) || to > latest)
        {
            errors[prefix + "to"] = [$"must be a time in Unix milliseconds no later than {latest} (now plus {maxFutureSkew}), not {to}"];
        }
        else if (to <= from)
        {
            errors[prefix + "to"] = [$"must be after from ({from})"];
        }
        else if (to - from > maxSpan.TotalMilliseconds)
        {
            errors[prefix + "to"] = [$"the range from {from} to {to} is longer than Ioc:Query:MaxSpan ({maxSpan.TotalDays:0.#} days)"];
        }

        if (errors.Count > before)
        {
            return null;
        }

        // Compared again in whole nanoseconds, as the stores see them: 0.0000001 and 0.0000002 ms are one instant.
        var (fromNs, toNs) = ((long)(from * NanosecondsPerMillisecond), (long)(to * NanosecondsPerMillisecond));
        if (toNs <= fromNs)
        {
            errors[prefix + "to"] = [$"must be at least a nanosecond after from ({from})"];
            return null;
        }

        return (fromNs, toNs);
    }
}
