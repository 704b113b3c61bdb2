using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ioc.Core.Collecting;

/// <summary>
/// Reads a YAML document into JSON nodes so kinds bind their options with System.Text.Json like
/// everything else. Plain scalars become numbers, booleans or null where YAML 1.2 core says so;
/// quoted scalars stay strings. <c>${NAME}</c> and <c>${secret:NAME}</c> in strings are replaced from the given variables.
/// </summary>
public static class YamlToJson
{
    /// <summary>Deeper nesting than any definition needs; the limit also keeps the tree's recursion shallow.</summary>
    public const int MaxDepth = 32;

    /// <summary><c>${secret:NAME}</c> is looked up as the variable <c>secret:NAME</c>; the server adds its secrets so.</summary>
    public const string SecretPrefix = "secret:";

    public static JsonNode? Read(string yaml, IReadOnlyDictionary<string, string> variables, string source)
    {
        var stream = new YamlStream();
        try
        {
            Screen(yaml, source);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new DefinitionException($"{source}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new DefinitionException($"{source}: expected exactly one YAML document, found {stream.Documents.Count}");
        }

        var problems = new List<string>();
        var node = Convert(stream.Documents[0].RootNode, variables, source, "", problems);
        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        return node;
    }

    /// <summary>
    /// Refuses what a definition never needs and an attacker would use before the document is built: aliases (one
    /// alias of an alias of … expands to billions of nodes, "billion laughs") and deep nesting.
    /// </summary>
    private static void Screen(string yaml, string source)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current;
            if (current is YamlDotNet.Core.Events.AnchorAlias alias)
            {
                throw new DefinitionException($"{source}: line {alias.Start.Line}, column {alias.Start.Column}: aliases (*{alias.Value}) are not allowed in definition files; write the value out");
            }

            if (current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart)
            {
                depth++;
                if (depth > MaxDepth)
                {
                    throw new DefinitionException($"{source}: line {current.Start.Line}: nested more than {MaxDepth} levels deep");
                }
            }
            else if (current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd)
            {
                depth--;
            }
        }
    }

    private static JsonNode? Convert(YamlNode node, IReadOnlyDictionary<string, string> variables, string source, string path, List<string> problems)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        problems.Add($"{source}: {path}: keys must be plain text (line {keyNode.Start.Line})");
                        continue;
                    }

                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (obj.ContainsKey(key))
                    {
                        problems.Add($"{source}: {childPath}: appears twice (line {keyNode.Start.Line})");
                        continue;
                    }

                    obj[key] = Convert(valueNode, variables, source, childPath, problems);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                var i = 0;
                foreach (var child in seq.Children)
                {
                    array.Add(Convert(child, variables, source, $"{path}[{i++}]", problems));
                }

                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar, variables, source, path, problems);
            default:
                problems.Add($"{source}: {path}: unsupported YAML node (aliases are not allowed)");
                return null;
        }
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar, IReadOnlyDictionary<string, string> variables, string source, string path, List<string> problems)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style == ScalarStyle.Plain)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && text.Any(char.IsAsciiDigit))
            {
                return JsonValue.Create(d);
            }
        }

        return JsonValue.Create(Substitute(text, variables, source, path, problems));
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> variables, string source, string path, List<string> problems)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder();
        var pos = 0;
        while (start >= 0)
        {
            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            var name = text[(start + 2)..end];
            sb.Append(text, pos, start - pos);
            if (variables.TryGetValue(name, out var value))
            {
                sb.Append(value);
            }
            else if (name.StartsWith(SecretPrefix, StringComparison.Ordinal))
            {
                problems.Add($"{source}: {path}: unknown secret '{name[SecretPrefix.Length..]}' (add it under /admin/secrets)");
            }
            else
            {
                problems.Add($"{source}: {path}: unknown variable '${{{name}}}' (set Ioc:Variables:{name})");
            }

            pos = end + 1;
            start = text.IndexOf("${", pos, StringComparison.Ordinal);
        }

        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }
}
