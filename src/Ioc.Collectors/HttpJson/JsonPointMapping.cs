using System.Globalization;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.HttpJson;

/// <summary>A tag whose value is either written in the definition or read from the item.</summary>
internal sealed record TagRule(string Key, string? Literal, JsonPath? Path);

internal sealed record FieldRule(string Name, JsonPath Path);

/// <summary>
/// One checked mapping: turns a JSON answer into points. Anything it cannot read (a missing field, a string
/// where a number should be) fails the run with the mapping, item and field named; nothing is dropped quietly.
/// </summary>
internal sealed class JsonPointMapping
{
    private readonly int _index;
    private readonly JsonPath? _items;
    private readonly string _measurement;
    private readonly IReadOnlyList<TagRule> _tags;
    private readonly IReadOnlyList<FieldRule> _fields;
    private readonly JsonPath? _time;

    public JsonPointMapping(int index, JsonPath? items, string measurement, IReadOnlyList<TagRule> tags, IReadOnlyList<FieldRule> fields, JsonPath? time)
    {
        _index = index;
        _items = items;
        _measurement = measurement;
        _tags = tags;
        _fields = fields;
        _time = time;
    }

    /// <summary>Adds a point per item; <paramref name="where"/> prefixes every error (the URL).</summary>
    public void AddPoints(JsonElement root, long scheduledTimestamp, string where, List<MetricPoint> points)
    {
        var items = SelectItems(root, where);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = _items is null ? $"{where}: mappings[{_index}]" : $"{where}: mappings[{_index}], item {i}";
            var tags = _tags.Select(t => new Tag(t.Key, t.Literal ?? ReadTag(item, t, at))).ToList();
            var fields = _fields.Select(f => new Field(f.Name, ReadField(item, f, at))).ToList();
            var timestamp = _time is null ? scheduledTimestamp : ReadTime(item, _time, at);
            points.Add(new MetricPoint(_measurement, tags, fields, timestamp));
        }
    }

    private IReadOnlyList<JsonElement> SelectItems(JsonElement root, string where)
    {
        if (_items is null)
        {
            return [root];
        }

        var selected = _items.Select(root, out var complete);
        if (!complete)
        {
            throw new CollectorException($"{where}: mappings[{_index}].items: '{_items}' is not in the answer");
        }

        // "$.units" and "$.units[*]" both mean the elements: nobody wants one point for a whole array.
        return !_items.HasWildcard && selected is [{ ValueKind: JsonValueKind.Array } array]
            ? [.. array.EnumerateArray()]
            : selected;
    }

    private static string ReadTag(JsonElement item, TagRule tag, string at)
    {
        if (!tag.Path!.TryGetSingle(item, out var value))
        {
            throw new CollectorException($"{at}: tag '{tag.Key}': '{tag.Path}' is missing");
        }

        var text = value.ValueKind switch
        {
            // Padded names ("Xã Can Lộc ") are common in source systems and never meaningful; stores refuse them.
            JsonValueKind.String => value.GetString()!.Trim(),
            // The raw token is already culture-free: 12, 1.5, 1e3.
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new CollectorException($"{at}: tag '{tag.Key}': '{tag.Path}' is {Describe(value)}, not a text or number"),
        };
        return text.Length > 0 ? text : throw new CollectorException($"{at}: tag '{tag.Key}': '{tag.Path}' is an empty string");
    }

    private static double ReadField(JsonElement item, FieldRule field, string at)
    {
        if (!field.Path.TryGetSingle(item, out var value))
        {
            throw new CollectorException($"{at}: field '{field.Name}': '{field.Path}' is missing");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new CollectorException($"{at}: field '{field.Name}': '{field.Path}' is {Describe(value)}, not a number");
        }

        return number;
    }

    private static long ReadTime(JsonElement item, JsonPath path, string at)
    {
        if (!path.TryGetSingle(item, out var value))
        {
            throw new CollectorException($"{at}: time: '{path}' is missing");
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return UnixTime.ToNanoseconds(time);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) && Math.Abs(ms) < 1e14)
        {
            return (long)Math.Round(ms * 1_000_000);
        }

        throw new CollectorException($"{at}: time: '{path}' is {Describe(value)}, not an ISO-8601 time or Unix milliseconds");
    }

    private static string Describe(JsonElement value)
    {
        var raw = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.Null => "null",
            _ => value.GetRawText(),
        };
        return raw.Length > 60 ? raw[..60] + "…" : raw;
    }
}
