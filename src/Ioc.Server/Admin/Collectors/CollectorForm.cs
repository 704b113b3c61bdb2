using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ioc.Server.Admin.Collectors;

/// <summary>
/// The collector form as posted: the common fields as inputs and the kind's <c>spec</c> as YAML text, or the whole
/// document in YAML mode. The service only ever sees the whole document, so the form is composed into one and
/// split back out of one; the spec is cut out as text so its comments survive the round trip.
/// </summary>
internal sealed partial class CollectorForm
{
    public const string FormMode = "form";
    public const string YamlMode = "yaml";

    /// <summary>The common fields, in the order a definition file lists them.</summary>
    public static readonly string[] CommonFields = ["id", "name", "kind", "schedule", "timeout", "jitter", "freshness", "enabled"];

    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; }

    public string? Schedule { get; set; }

    public string? Timeout { get; set; }

    public string? Jitter { get; set; }

    public string? Freshness { get; set; }

    public bool Enabled { get; set; } = true;

    public string? Spec { get; set; }

    /// <summary>The whole document, in YAML mode.</summary>
    public string? Document { get; set; }

    public string? Mode { get; set; }

    /// <summary>The button that posted the form.</summary>
    public string? Action { get; set; }

    public bool IsYamlMode => Mode == YamlMode;

    /// <summary>The document the form stands for, in whichever mode it was posted.</summary>
    public string ToDocument() => IsYamlMode ? Document ?? "" : Compose();

    public string Compose()
    {
        var yaml = new StringBuilder("apiVersion: ioc/v1\n");
        Line(yaml, "id", Id);
        Line(yaml, "name", Name);
        Line(yaml, "kind", Kind);
        Line(yaml, "schedule", Schedule);
        Line(yaml, "timeout", Timeout);
        Line(yaml, "jitter", Jitter);
        Line(yaml, "freshness", Freshness);
        if (!Enabled)
        {
            yaml.Append("enabled: false\n");
        }

        var spec = (Spec ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (spec.Length == 0)
        {
            return yaml.ToString();
        }

        yaml.Append("spec:\n");
        foreach (var line in spec.Split('\n'))
        {
            yaml.Append(line.Length == 0 ? "" : "  " + line).Append('\n');
        }

        return yaml.ToString();
    }

    /// <summary>The form fields of a document, or null when it is not a YAML mapping the form can show.</summary>
    public static CollectorForm? Split(string document)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return null;
            }

            root = mapping;
        }
        catch (YamlException)
        {
            return null;
        }

        string? Scalar(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

        return new CollectorForm
        {
            Id = Scalar("id"),
            Name = Scalar("name"),
            Kind = Scalar("kind"),
            Schedule = Scalar("schedule"),
            Timeout = Scalar("timeout"),
            Jitter = Scalar("jitter"),
            Freshness = Scalar("freshness"),
            Enabled = !string.Equals(Scalar("enabled"), "false", StringComparison.OrdinalIgnoreCase),
            Spec = SpecText(document),
            Document = document,
            Mode = FormMode,
        };
    }

    /// <summary>The text under the top-level <c>spec:</c> key, indentation removed, comments kept.</summary>
    public static string SpecText(string document)
    {
        var lines = document.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => SpecKey().IsMatch(l));
        if (start < 0)
        {
            return "";
        }

        var inline = SpecKey().Match(lines[start]).Groups["rest"].Value.Trim();
        if (inline.Length > 0 && !inline.StartsWith('#'))
        {
            return inline;
        }

        var body = new List<string>();
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '#')
            {
                break;
            }

            body.Add(line);
        }

        while (body.Count > 0 && body[^1].Trim().Length == 0)
        {
            body.RemoveAt(body.Count - 1);
        }

        var indent = body.Where(l => l.Trim().Length > 0 && l[0] != '#').Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', body.Select(l => l.Trim().Length == 0 ? "" : l[0] == '#' ? l : l[Math.Min(indent, l.Length - l.TrimStart().Length)..]));
    }

    private static void Line(StringBuilder yaml, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            yaml.Append(key).Append(": ").Append(Quote(value.Trim())).Append('\n');
        }
    }

    /// <summary>Double-quoted, so a cron's <c>*</c> or a name's <c>:</c> stays text.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^spec:(?<rest>.*)$")]
    private static partial Regex SpecKey();
}
