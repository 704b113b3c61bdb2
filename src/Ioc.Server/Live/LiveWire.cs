using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ioc.Core.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>
/// The points of a batch as a connection opened with <c>?points=compact</c> receives them (<c>CompactPoints</c>):
/// each point is <c>[key, time, seq, fields]</c>. The measurement and tags are the key's own, so they are not sent
/// again; at thousands of screens a batch of two dozen points is less than half the bytes to write, send and parse.
/// </summary>
public sealed record CompactLiveBatch(string Stream, [property: JsonConverter(typeof(CompactPointsConverter))] IReadOnlyList<LivePoint> Points, string? Dashboard = null);

/// <summary>How points travel on the hub, and which shape a connection asked for. Contract: docs/live-hub.md.</summary>
internal static class LiveWire
{
    /// <summary>The hub URL's query parameter a client sets to <see cref="Compact"/> to receive <c>CompactPoints</c>.</summary>
    public const string ShapeParameter = "points";

    public const string Compact = "compact";

    public static bool WantsCompact(HubCallerContext context) =>
        string.Equals(context.GetHttpContext()?.Request.Query[ShapeParameter].ToString(), Compact, StringComparison.Ordinal);

    /// <summary>
    /// Text as it is (UTF-8) rather than <c>\u</c>-escaped: Vietnamese names in keys and tags are a third of a
    /// batch, and six bytes a letter when escaped. Hub messages are JSON read by JSON parsers, never put in a page.
    /// </summary>
    public static void Configure(JsonSerializerOptions options) => options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}

/// <summary>Writes (and, for .NET clients, reads) points as <c>[key, time, seq, {field: value}]</c>.</summary>
internal sealed class CompactPointsConverter : JsonConverter<IReadOnlyList<LivePoint>>
{
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<LivePoint> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var point in value)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(point.Key);
            writer.WriteNumberValue(point.Time);
            writer.WriteNumberValue(point.Seq);
            writer.WriteStartObject();
            foreach (var (name, field) in point.Fields)
            {
                writer.WriteNumber(name, field);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    public override IReadOnlyList<LivePoint> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var points = new List<LivePoint>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartArray);
            reader.Read();
            var key = reader.GetString() ?? throw new JsonException("a compact point starts with its series key");
            reader.Read();
            var time = reader.GetDouble();
            reader.Read();
            var seq = reader.GetInt64();
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject);
            var fields = new Dictionary<string, double>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                fields[name] = reader.GetDouble();
            }

            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            var series = SeriesKey.Parse(key);
            points.Add(new LivePoint(key, series.Measurement, series.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), fields, time, seq));
        }

        return points;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"a compact batch has {type} here, not {reader.TokenType}");
        }
    }
}
