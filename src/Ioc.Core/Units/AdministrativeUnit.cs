using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ioc.Core.Units;

/// <summary>Levels of Vietnam's administrative units; after 2025-07-01 there are no districts.</summary>
public enum UnitLevel
{
    Province,
    District,
    Commune,
}

/// <summary>
/// One administrative unit over its life, as written in <c>units/*.yaml</c>: valid from <see cref="ValidFrom"/>
/// (inclusive) to <see cref="ValidTo"/> (exclusive, absent while it still exists). On <see cref="ValidTo"/> its data
/// goes to <see cref="Successors"/>, or to its parent when it has none (an abolished district).
/// </summary>
public sealed record AdministrativeUnit
{
    /// <summary>The official administrative-unit code where known, else a local one (<c>HT-X012</c>); the <c>unit</c> tag of series.</summary>
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public UnitLevel Level { get; init; }

    public string? Parent { get; init; }

    public DateOnly ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public IReadOnlyList<UnitSuccessor> Successors { get; init; } = [];

    /// <summary>The file the unit was read from, for problems and provenance.</summary>
    [JsonIgnore]
    public string Source { get; init; } = "";

    public bool IsValidOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || day < ValidTo);
}

/// <summary>Where (part of) a unit went when it ended; <see cref="Share"/> divides its counts when it was split.</summary>
[JsonConverter(typeof(UnitSuccessorConverter))]
public sealed record UnitSuccessor(string Code, double? Share = null)
{
    public double Weight => Share ?? 1;
}

/// <summary>One <c>units/&lt;slug&gt;.yaml</c> file: a province's units before and after the reform.</summary>
public sealed record UnitsFile
{
    public const string CurrentApiVersion = "ioc/v1";

    public string? ApiVersion { get; init; }

    /// <summary>The province profile the file belongs to (<c>HT</c>, <c>VP</c>, …), as <c>Ioc:Province</c> names it.</summary>
    public string Province { get; init; } = "";

    /// <summary>Where the list and the mapping come from, and what in them is illustrative.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<AdministrativeUnit> Units { get; init; } = [];

    /// <summary>The file's name below the units folder, e.g. <c>units/ha-tinh.yaml</c>.</summary>
    [JsonIgnore]
    public string File { get; init; } = "";
}

/// <summary>A successor written as a bare code (<c>"HT-001"</c>) or as <c>{ code, share }</c>.</summary>
internal sealed class UnitSuccessorConverter : JsonConverter<UnitSuccessor>
{
    public override UnitSuccessor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new UnitSuccessor(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a successor is a unit code, or { code, share }");
        }

        string? code = null;
        double? share = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "code" when reader.TokenType == JsonTokenType.String:
                    code = reader.GetString();
                    break;
                case "share" when reader.TokenType == JsonTokenType.Number:
                    share = reader.GetDouble();
                    break;
                default:
                    throw new JsonException($"a successor has a text 'code' and a number 'share', not '{name}' ({reader.TokenType})");
            }
        }

        return code is null ? throw new JsonException("a successor needs a code") : new UnitSuccessor(code, share);
    }

    public override void Write(Utf8JsonWriter writer, UnitSuccessor value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        if (value.Share is { } share)
        {
            writer.WriteNumber("share", share);
        }

        writer.WriteEndObject();
    }
}
