using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ioc.Core.Metrics;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// The tags of a series as a JSON object in ordinal key order, <c>{"district":"Phường Hà Huy Tập"}</c>.
/// Reading a series back from it needs no line-protocol unescaping, and the column stays readable in any SQLite tool.
/// </summary>
internal static class SeriesTagsJson
{
    // The JSON never reaches HTML, so letters outside ASCII are kept as they are instead of \uXXXX.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<Tag> tags)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var tag in tags)
            {
                writer.WriteString(tag.Key, tag.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<Tag> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var tags = new List<Tag>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"tag '{property.Name}' in stored tags {json} is not a string");
            }

            tags.Add(new Tag(property.Name, property.Value.GetString()!));
        }

        return tags;
    }
}
