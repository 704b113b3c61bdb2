using System.Text;
using System.Text.Json;

namespace Ioc.Collectors.HttpJson;

/// <summary>
/// The part of JSONPath that mappings need: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c> and <c>[*]</c>
/// (<c>.*</c> too). Paths are parsed once, when the definition is built, and evaluated per answer.
/// </summary>
internal sealed class JsonPath
{
    private readonly Step[] _steps;

    private JsonPath(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
        HasWildcard = steps.Any(s => s.Kind == StepKind.Wildcard);
    }

    public string Text { get; }

    /// <summary>True when the path can select more than one value.</summary>
    public bool HasWildcard { get; }

    public static bool TryParse(string? text, out JsonPath path, out string error)
    {
        path = null!;
        error = "";
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = "it must start with '$'";
            return false;
        }

        var steps = new List<Step>();
        var pos = 1;
        while (pos < text.Length)
        {
            var step = text[pos] switch
            {
                '.' => ParseDotted(text, ref pos, out error),
                '[' => ParseBracketed(text, ref pos, out error),
                var c => Fail($"unexpected '{c}' at position {pos}; expected '.' or '['", out error),
            };
            if (step is null)
            {
                return false;
            }

            steps.Add(step.Value);
        }

        path = new JsonPath(text, [.. steps]);
        return true;
    }

    /// <summary>The one value the path names; false when any step does not exist.</summary>
    public bool TryGetSingle(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var step in _steps)
        {
            switch (step.Kind)
            {
                case StepKind.Property when value.ValueKind == JsonValueKind.Object && value.TryGetProperty(step.Name!, out var child):
                    value = child;
                    break;
                case StepKind.Index when value.ValueKind == JsonValueKind.Array && step.Index < value.GetArrayLength():
                    value = value[step.Index];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every value the path selects. <paramref name="complete"/> is false when a named property or index was
    /// missing on some branch, which is different from a wildcard over an empty array.
    /// </summary>
    public IReadOnlyList<JsonElement> Select(JsonElement root, out bool complete)
    {
        complete = true;
        List<JsonElement> current = [root];
        foreach (var step in _steps)
        {
            var next = new List<JsonElement>();
            foreach (var node in current)
            {
                switch (step.Kind)
                {
                    case StepKind.Property when node.ValueKind == JsonValueKind.Object && node.TryGetProperty(step.Name!, out var child):
                        next.Add(child);
                        break;
                    case StepKind.Index when node.ValueKind == JsonValueKind.Array && step.Index < node.GetArrayLength():
                        next.Add(node[step.Index]);
                        break;
                    case StepKind.Wildcard when node.ValueKind == JsonValueKind.Array:
                        next.AddRange(node.EnumerateArray());
                        break;
                    case StepKind.Wildcard when node.ValueKind == JsonValueKind.Object:
                        next.AddRange(node.EnumerateObject().Select(p => p.Value));
                        break;
                    default:
                        complete = false;
                        break;
                }
            }

            current = next;
        }

        return current;
    }

    public override string ToString() => Text;

    private static Step? ParseDotted(string text, ref int pos, out string error)
    {
        error = "";
        pos++;
        if (pos < text.Length && text[pos] == '*')
        {
            pos++;
            return new Step(StepKind.Wildcard, null, 0);
        }

        var start = pos;
        while (pos < text.Length && text[pos] is not ('.' or '[' or ']' or '\'' or '"' or ' '))
        {
            pos++;
        }

        return pos == start
            ? Fail($"expected a property name at position {start}", out error)
            : new Step(StepKind.Property, text[start..pos], 0);
    }

    private static Step? ParseBracketed(string text, ref int pos, out string error)
    {
        error = "";
        var open = pos;
        pos++;
        Step step;
        if (pos < text.Length && text[pos] == '*')
        {
            pos++;
            step = new Step(StepKind.Wildcard, null, 0);
        }
        else if (pos < text.Length && text[pos] is '\'' or '"')
        {
            var quote = text[pos++];
            var name = new StringBuilder();
            while (pos < text.Length && text[pos] != quote)
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }

                name.Append(text[pos++]);
            }

            if (pos >= text.Length)
            {
                return Fail($"the name opened at position {open + 1} has no closing {quote}", out error);
            }

            pos++;
            step = new Step(StepKind.Property, name.ToString(), 0);
        }
        else if (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            if (!int.TryParse(text.AsSpan(start, pos - start), System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                return Fail($"index at position {start} is too large", out error);
            }

            step = new Step(StepKind.Index, null, index);
        }
        else
        {
            return Fail($"expected a quoted name, an index or '*' after '[' at position {open}", out error);
        }

        if (pos >= text.Length || text[pos] != ']')
        {
            return Fail($"expected ']' at position {pos}", out error);
        }

        pos++;
        return step;
    }

    private static Step? Fail(string message, out string error)
    {
        error = message;
        return null;
    }

    private enum StepKind
    {
        Property,
        Index,
        Wildcard,
    }

    private readonly record struct Step(StepKind Kind, string? Name, int Index);
}
