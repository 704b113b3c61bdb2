using System.Text.Json;
using Ioc.Core.Collecting;

namespace Ioc.Collectors;

/// <summary>
/// What a kind says about a spec that does not bind: the fields it knows (and those of its nested lists), and what
/// types they take, so an administrator reads "collectors/x.yaml: spec.mappings[0].feilds: unknown field (…)".
/// </summary>
/// <param name="Fields">The spec's own fields, as listed in an "unknown field" message.</param>
/// <param name="Types">What the fields take, for a "wrong type" message.</param>
/// <param name="Nested">By list name (<c>mappings</c>): the fields one element of that list knows.</param>
/// <param name="Exact">By JSON path (<c>$.maxRows</c>): the "wrong type" message for that one field.</param>
internal sealed record SpecHelp(string Fields, string Types, IReadOnlyDictionary<string, string>? Nested = null, IReadOnlyDictionary<string, string>? Exact = null);

/// <summary>Binds a definition's <c>spec</c> to a kind's options, naming file and field when it cannot.</summary>
internal static class SpecBinding
{
    /// <exception cref="DefinitionException">The spec has an unknown field or a value of the wrong type.</exception>
    public static TOptions Bind<TOptions>(CollectorDefinition definition, JsonSerializerOptions json, SpecHelp help)
        where TOptions : new()
    {
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            return definition.Spec.Deserialize<TOptions>(json) ?? new TOptions();
        }
        catch (JsonException ex)
        {
            throw new DefinitionException($"{definition.Source}: {SpecPath(ex.Path)}: {Describe(ex, help)}");
        }
    }

    // System.Text.Json reports "$.mappings[0].feilds"; definitions speak of "spec.mappings[0].feilds".
    private static string SpecPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "spec" : "spec" + jsonPath.TrimStart('$');

    private static string Describe(JsonException ex, SpecHelp help)
    {
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var nested = help.Nested?.FirstOrDefault(n => ex.Path?.Contains($"{n.Key}[", StringComparison.Ordinal) == true);
            return nested is { Value: { } fields } ? $"unknown field ({fields})" : $"unknown field (spec knows {help.Fields})";
        }

        if (ex.Path is { } path && help.Exact?.GetValueOrDefault(path) is { } exact)
        {
            return $"wrong type: {exact}";
        }

        return ex.Message.Contains("could not be converted", StringComparison.Ordinal) ? $"wrong type: {help.Types}" : ex.Message;
    }
}
