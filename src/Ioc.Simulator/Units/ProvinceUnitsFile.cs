using System.Globalization;
using System.Text.Json.Nodes;
using Ioc.Core.Collecting;

namespace Ioc.Simulator.Units;

/// <summary>
/// Reads the <c>units/*.yaml</c> files embedded in this assembly, the same files the server's units engine loads,
/// so the simulated answers name exactly the units those files define. The simulator trusts them (they are tested
/// where they live); a malformed file fails loudly here rather than being half-read.
/// </summary>
internal static class ProvinceUnitsFile
{
    public static ProvinceUnits Load(string slug)
    {
        var name = $"units/{slug}.yaml";
        using var stream = typeof(ProvinceUnitsFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the simulator");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), name);
    }

    public static ProvinceUnits Parse(string yaml, string source)
    {
        var root = YamlToJson.Read(yaml, new Dictionary<string, string>(), source)?.AsObject()
            ?? throw new InvalidOperationException($"{source}: empty");
        var units = root["units"]?.AsArray() ?? throw new InvalidOperationException($"{source}: units: missing");
        return new(
            Text(root, "province", source),
            root["source"]?.ToString() ?? "",
            [.. units.Select((u, i) => Unit(u!.AsObject(), $"{source}: units[{i}]"))]);
    }

    private static AdministrativeUnit Unit(JsonObject unit, string path) => new(
        Text(unit, "code", path),
        Text(unit, "name", path),
        Text(unit, "level", path),
        unit["parent"]?.ToString(),
        Day(Text(unit, "validFrom", path), path),
        unit["validTo"] is { } to ? Day(to.ToString(), path) : null,
        [.. (unit["successors"]?.AsArray() ?? []).Select(s => s is JsonObject o ? Text(o, "code", path) : s!.ToString())]);

    private static string Text(JsonObject node, string field, string path) =>
        node[field]?.ToString() ?? throw new InvalidOperationException($"{path}.{field}: missing");

    private static DateOnly Day(string text, string path) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidOperationException($"{path}: '{text}' is not a date such as 2025-07-01");
}
