using System.Collections.Immutable;

namespace Ioc.Core.Metrics;

/// <summary>
/// Rules every stored point obeys, whichever path it came by. Names must survive line protocol
/// (no control characters, no trailing backslash, which InfluxDB 1.x cannot carry) and values must be finite.
/// </summary>
public sealed class MetricValidator
{
    public const int MaxNameLength = 200;
    public const int MaxTagValueLength = 1024;
    public const int MaxTags = 32;
    public const int MaxFields = 64;

    // Before this nothing a province reports exists; it also catches seconds sent as nanoseconds.
    public static readonly DateTimeOffset Earliest = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxFutureSkew;

    public MetricValidator(TimeProvider clock, TimeSpan maxFutureSkew)
    {
        _clock = clock;
        _maxFutureSkew = maxFutureSkew;
    }

    public static MetricValidator Default { get; } = new(TimeProvider.System, TimeSpan.FromDays(1));

    /// <summary>Returns null when the point is acceptable, otherwise the reason naming the part at fault.</summary>
    public string? Validate(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return CheckSeriesPart(point.Measurement, point.Tags) ?? ValidateValues(point);
    }

    /// <summary>
    /// The checks of <see cref="Validate"/> that depend on measurement and tags alone, in the same order: a parser
    /// that meets one series on thousands of lines asks once, then <see cref="ValidateValues"/> per point.
    /// </summary>
    internal static string? CheckSeriesPart(string measurement, ImmutableArray<Tag> tags)
    {
        var reason = CheckName("measurement", measurement);
        if (reason is not null)
        {
            return reason;
        }

        if (measurement[0] == '#')
        {
            return $"measurement '{measurement}' starts with '#', which line protocol reads as a comment";
        }

        if (tags.Length > MaxTags)
        {
            return $"{tags.Length} tags, at most {MaxTags} allowed";
        }

        for (var i = 0; i < tags.Length; i++)
        {
            var tag = tags[i];
            reason = CheckKey("tag key", tag.Key) ?? CheckTagValue(tag);
            if (reason is not null)
            {
                return reason;
            }

            if (i > 0 && string.Equals(tags[i - 1].Key, tag.Key, StringComparison.Ordinal))
            {
                return $"tag '{tag.Key}' appears twice";
            }
        }

        return null;
    }

    /// <summary>The checks of <see cref="Validate"/> on fields and timestamp, for a point whose series passed.</summary>
    internal string? ValidateValues(MetricPoint point) => ValidateValues(point, LatestTimestamp(), null);

    /// <param name="latest">From <see cref="LatestTimestamp"/>, read once for a whole body.</param>
    /// <param name="goodNames">Field names (by reference) that passed already, and where to note those that pass now.</param>
    internal string? ValidateValues(MetricPoint point, long latest, List<string>? goodNames)
    {
        if (point.Fields.Length == 0)
        {
            return "no fields";
        }

        if (point.Fields.Length > MaxFields)
        {
            return $"{point.Fields.Length} fields, at most {MaxFields} allowed";
        }

        for (var i = 0; i < point.Fields.Length; i++)
        {
            var field = point.Fields[i];
            if (goodNames is null || !Contains(goodNames, field.Name))
            {
                var reason = CheckKey("field key", field.Name);
                if (reason is not null)
                {
                    return reason;
                }

                if (goodNames is { Count: < 16 })
                {
                    goodNames.Add(field.Name);
                }
            }

            if (!double.IsFinite(field.Value))
            {
                return $"field '{field.Name}' is {field.Value}; only finite numbers are stored";
            }

            if (i > 0 && string.Equals(point.Fields[i - 1].Name, field.Name, StringComparison.Ordinal))
            {
                return $"field '{field.Name}' appears twice";
            }
        }

        return CheckTimestamp(point.Timestamp, latest);

        static bool Contains(List<string> names, string name)
        {
            foreach (var known in names)
            {
                if (ReferenceEquals(known, name))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The latest timestamp accepted now, in nanoseconds.</summary>
    internal long LatestTimestamp() => UnixTime.ToNanoseconds(_clock.GetUtcNow() + _maxFutureSkew);

    /// <summary>
    /// Null when a read's selector names something a stored point could have, otherwise the part at fault
    /// (<c>measurement</c>, <c>field</c> or <c>tags</c>) and why: a query for a name no point may carry is a mistake to
    /// report, not an empty answer.
    /// </summary>
    public static (string Part, string Reason)? CheckSelector(string? measurement, IReadOnlyDictionary<string, string>? tags, string? field)
    {
        if (CheckName("measurement", measurement ?? "") is { } badMeasurement)
        {
            return ("measurement", badMeasurement);
        }

        if (CheckKey("field", field ?? "") is { } badField)
        {
            return ("field", badField);
        }

        if (tags is null)
        {
            return null;
        }

        if (tags.Count > MaxTags)
        {
            return ("tags", $"{tags.Count} tags, at most {MaxTags} allowed");
        }

        foreach (var (key, value) in tags)
        {
            if ((CheckKey("tag key", key ?? "") ?? CheckTagValue(new Tag(key!, value ?? ""))) is { } badTag)
            {
                return ("tags", badTag);
            }
        }

        return null;
    }

    /// <summary>Null when a stored point could have this series key, otherwise why not (a hub subscription names series so).</summary>
    public static string? CheckSeries(SeriesKey series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var reason = CheckName("measurement", series.Measurement);
        if (reason is not null)
        {
            return reason;
        }

        if (series.Tags.Length > MaxTags)
        {
            return $"{series.Tags.Length} tags, at most {MaxTags} allowed";
        }

        for (var i = 0; i < series.Tags.Length; i++)
        {
            reason = CheckKey("tag key", series.Tags[i].Key) ?? CheckTagValue(series.Tags[i]);
            if (reason is not null)
            {
                return reason;
            }

            if (i > 0 && string.Equals(series.Tags[i - 1].Key, series.Tags[i].Key, StringComparison.Ordinal))
            {
                return $"tag '{series.Tags[i].Key}' appears twice";
            }
        }

        return null;
    }

    public string? CheckTimestamp(long timestamp) => CheckTimestamp(timestamp, LatestTimestamp());

    private string? CheckTimestamp(long timestamp, long latest)
    {
        var earliest = UnixTime.ToNanoseconds(Earliest);
        if (timestamp < earliest || timestamp > latest)
        {
            return $"timestamp {timestamp} ns ({Describe(timestamp)}) is outside {Earliest:yyyy-MM-dd} to now + {_maxFutureSkew.TotalHours:0.#} h; check the precision parameter";
        }

        return null;
    }

    private static string Describe(long timestamp)
    {
        var seconds = timestamp / 1_000_000_000;
        return seconds is > -62135596800 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : "far out of range";
    }

    private static string? CheckKey(string what, string name)
    {
        var reason = CheckName(what, name);
        if (reason is not null)
        {
            return reason;
        }

        if (name == "time" || name.StartsWith('_'))
        {
            return $"{what} '{name}' is reserved ('time' and names starting with '_' belong to the store)";
        }

        return null;
    }

    private static string? CheckName(string what, string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"{what} '{name[..20]}…' is {name.Length} characters, at most {MaxNameLength} allowed";
        }

        return CheckCharacters(what, name);
    }

    private static string? CheckTagValue(Tag tag)
    {
        if (tag.Value.Length == 0)
        {
            return $"tag '{tag.Key}' has an empty value";
        }

        if (tag.Value.Length > MaxTagValueLength)
        {
            return $"tag '{tag.Key}' value is {tag.Value.Length} characters, at most {MaxTagValueLength} allowed";
        }

        return CheckCharacters($"tag '{tag.Key}' value", tag.Value);
    }

    private static string? CheckCharacters(string what, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return $"{what} '{Printable(text)}' contains control character U+{(int)c:X4}";
            }

            // A lone surrogate is not Unicode text; no store could give it back unchanged.
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{what} '{Printable(text)}' contains an unpaired surrogate U+{(int)c:X4}";
            }
        }

        if (text[^1] == '\\')
        {
            return $"{what} '{text}' ends with a backslash, which line protocol cannot carry";
        }

        if (text != text.Trim())
        {
            return $"{what} '{text}' has leading or trailing white space";
        }

        return null;
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c));
}
