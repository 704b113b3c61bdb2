using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;
using YamlDotNet.Serialization;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// A collector definition as an administrator sends it: YAML as written, or JSON, which is kept as the YAML it stands
/// for so that every stored definition exports as a file under <c>collectors/</c>.
/// </summary>
internal static partial class DefinitionDocument
{
    /// <summary>The same limit as a definition file's.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The document as YAML, or a problem naming what is wrong with the JSON.</summary>
    public static string ToYaml(string document, DocumentFormat format, out DefinitionProblem? problem)
    {
        problem = null;
        if (format == DocumentFormat.Yaml)
        {
            return document;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            problem = new DefinitionProblem("", $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message.Split(" Path:")[0]}");
            return "";
        }

        if (root is not JsonObject)
        {
            problem = new DefinitionProblem("", "expected a JSON object with apiVersion, id, kind, schedule and spec");
            return "";
        }

        return new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(Plain(root));
    }

    /// <summary>
    /// Splits the loader's <c>source: field: message</c> into field and message; a message with no field stays whole.
    /// </summary>
    public static IReadOnlyList<DefinitionProblem> Problems(IEnumerable<string> messages, string source)
    {
        var problems = new List<DefinitionProblem>();
        foreach (var message in messages)
        {
            var text = message.StartsWith(source + ": ", StringComparison.Ordinal) ? message[(source.Length + 2)..] : message;
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            problems.Add(colon > 0 && FieldPattern().IsMatch(text[..colon])
                ? new DefinitionProblem(text[..colon], text[(colon + 2)..])
                : new DefinitionProblem("", text));
        }

        return problems;
    }

    public static IReadOnlyList<DefinitionProblem> Problems(DefinitionException exception, string source) => Problems(exception.Problems, source);

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        _ => node.ToString(),
    };

    [GeneratedRegex(@"^[A-Za-z_$][\w.\[\]\-$]*$")]
    private static partial Regex FieldPattern();
}
