using System.Text.Json;
using Ioc.Core.Configuration;

namespace Ioc.Storage.Configuration;

/// <summary>How an entry's source document is written in the <c>document</c> column: JSON with fixed names.</summary>
internal static class ManualEntryDocumentColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToColumn(ManualEntryDocument document) => JsonSerializer.Serialize(document, Json);

    public static ManualEntryDocument FromColumn(string value) =>
        JsonSerializer.Deserialize<ManualEntryDocument>(value, Json) ?? throw new InvalidDataException("an entry's document is empty");
}
