using System.Text.Json;
using Ioc.Core.Metrics;

namespace Ioc.Storage.InfluxDb;

/// <summary>One series of an answer: its key rebuilt from measurement and tags, and its (time, value) rows.</summary>
internal sealed record InfluxSeries(SeriesKey Key, IReadOnlyList<(long Time, double Value)> Rows);

/// <summary>
/// Reads the JSON of <c>/query?epoch=ns</c> for a single statement grouped by <c>*</c>. GROUP BY * lists every tag
/// key of the measurement on every series, with "" where a series lacks it; the validator refuses empty tag
/// values, so "" means absent and is left out of the key.
/// </summary>
internal static class InfluxQueryResult
{
    /// <exception cref="InvalidOperationException">InfluxDB reported an error for the statement, or cut the answer short.</exception>
    public static List<InfluxSeries> Read(JsonDocument document, string measurement)
    {
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"InfluxDB refused the query: {error.GetString()}");
        }

        var series = new List<InfluxSeries>();
        if (!root.TryGetProperty("results", out var results))
        {
            return series;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out error))
            {
                throw new InvalidOperationException($"InfluxDB refused the query: {error.GetString()}");
            }

            // max-row-limit truncates an answer and says so only here; a silently shortened chart would lie.
            if (result.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True)
            {
                throw new InvalidOperationException("InfluxDB answered only part of the query (partial: true); raise its max-row-limit or ask for fewer buckets");
            }

            if (!result.TryGetProperty("series", out var list))
            {
                continue;
            }

            foreach (var item in list.EnumerateArray())
            {
                series.Add(new InfluxSeries(new SeriesKey(measurement, Tags(item)), Rows(item)));
            }
        }

        return series;
    }

    /// <summary>The keys of a <c>SHOW SERIES</c> answer; a key that does not parse is left out.</summary>
    public static List<SeriesKey> ReadSeriesKeys(JsonDocument document)
    {
        var keys = new List<SeriesKey>();
        foreach (var result in document.RootElement.TryGetProperty("results", out var results) ? results.EnumerateArray() : default)
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB refused the query: {error.GetString()}");
            }

            if (!result.TryGetProperty("series", out var list))
            {
                continue;
            }

            foreach (var row in list.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray()))
            {
                try
                {
                    keys.Add(SeriesKey.Parse(row[0].GetString() ?? ""));
                }
                catch (FormatException)
                {
                }
            }
        }

        return keys;
    }

    private static List<Tag> Tags(JsonElement series)
    {
        var tags = new List<Tag>();
        if (series.TryGetProperty("tags", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in element.EnumerateObject())
            {
                var value = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString() : null;
                if (!string.IsNullOrEmpty(value))
                {
                    tags.Add(new Tag(tag.Name, value));
                }
            }
        }

        return tags;
    }

    private static List<(long, double)> Rows(JsonElement series)
    {
        var rows = new List<(long, double)>();
        if (!series.TryGetProperty("values", out var values))
        {
            return rows;
        }

        foreach (var row in values.EnumerateArray())
        {
            // [time, value]; a null value is an empty bucket, which fill(none) should already have dropped.
            if (row.GetArrayLength() >= 2 && row[1].ValueKind == JsonValueKind.Number)
            {
                rows.Add((row[0].GetInt64(), row[1].GetDouble()));
            }
        }

        return rows;
    }
}
