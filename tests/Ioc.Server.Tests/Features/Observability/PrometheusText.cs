using System.Globalization;
using System.Text.RegularExpressions;

namespace Ioc.Server.Tests.Features.Observability;

/// <summary>One sample of a scrape: its name, labels and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of Prometheus's text exposition format (0.0.4): <c># HELP</c> and <c># TYPE</c> lines, then
/// samples <c>name{label="value",…} value [timestamp]</c> of a declared family. Anything else throws, naming the line.
/// </summary>
internal static partial class PrometheusText
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "counter", "gauge", "histogram", "summary", "untyped" };

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[7..].Split(' ', 2)[0];
                Require(MetricName().IsMatch(name), lineNumber, line, "HELP names no valid metric");
                Require(helps.Add(name), lineNumber, line, "a second HELP for the metric");
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Require(parts.Length == 2 && MetricName().IsMatch(parts[0]) && Types.Contains(parts[1]), lineNumber, line, "TYPE is not 'name type'");
                Require(types.TryAdd(parts[0], parts[1]), lineNumber, line, "a second TYPE for the metric");
                continue;
            }

            Require(!line.StartsWith('#'), lineNumber, line, "a comment that is neither HELP nor TYPE");
            var match = SampleLine().Match(line);
            Require(match.Success, lineNumber, line, "not a sample line");
            var sampleName = match.Groups["name"].Value;
            Require(Family(sampleName, types) is not null, lineNumber, line, "a sample of an undeclared metric");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                Require(labels.TryAdd(label.Groups["key"].Value, Unescape(label.Groups["value"].Value)), lineNumber, line, "a label given twice");
            }

            Require(
                Label().Replace(match.Groups["labels"].Value, "").Trim(',').Length == 0,
                lineNumber,
                line,
                "labels that are not key=\"value\" pairs");
            samples.Add(new PrometheusSample(sampleName, labels, ParseValue(match.Groups["value"].Value, lineNumber, line)));
        }

        return samples;
    }

    /// <summary>The declared family a sample belongs to (a histogram's _bucket, _sum and _count included).</summary>
    private static string? Family(string sample, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sample))
        {
            return sample;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return sample[..^suffix.Length];
            }
        }

        return null;
    }

    private static double ParseValue(string text, int lineNumber, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: value '{text}' is not a number: {line}"),
    };

    private static string Unescape(string value) => value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static void Require(bool condition, int lineNumber, string line, string problem)
    {
        if (!condition)
        {
            throw new FormatException($"line {lineNumber}: {problem}: {line}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( -?\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();
}
