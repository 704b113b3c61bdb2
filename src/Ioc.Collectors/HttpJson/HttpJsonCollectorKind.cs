using System.Text.Json;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;

namespace Ioc.Collectors.HttpJson;

/// <summary>
/// <c>kind: http-json</c>: a GET of a JSON endpoint, mapped to points by paths. Every problem of a spec is
/// reported at once, each as <c>file: spec.path.to.field: what is wrong</c>.
/// </summary>
internal sealed class HttpJsonCollectorKind : ICollectorKind
{
    /// <summary>The kind's name, and the name of the <see cref="HttpClient"/> it asks the factory for.</summary>
    public const string KindName = "http-json";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly SpecHelp Help = new(
        "url, headers, asOfParameter, replayWindow, maxResponseBytes, mappings",
        "url, paths, headers and tag values are text (quote literals such as '2025'), mappings is a list of mappings",
        new Dictionary<string, string> { ["mappings"] = "a mapping knows items, measurement, tags, fields, time" },
        new Dictionary<string, string> { ["$.maxResponseBytes"] = "a whole number of bytes, such as 10485760" });

    private readonly IHttpClientFactory _http;

    public HttpJsonCollectorKind(IHttpClientFactory http) => _http = http;

    public string Name => KindName;

    public ICollector Create(CollectorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var source = definition.Source;
        var options = SpecBinding.Bind<HttpJsonCollectorOptions>(definition, SpecJson, Help);

        var problems = new List<string>();
        var url = HttpSource.CheckUrl(options.Url, source, problems);
        var headers = HttpSource.CheckHeaders(options.Headers, source, problems);
        var maxResponseBytes = HttpSource.CheckMaxResponseBytes(options.MaxResponseBytes, source, problems);

        var mappings = new List<JsonPointMapping>();
        if (options.Mappings is not { Count: > 0 })
        {
            problems.Add($"{source}: spec.mappings: at least one mapping is required");
        }
        else
        {
            for (var i = 0; i < options.Mappings.Count; i++)
            {
                var mapping = CheckMapping(i, options.Mappings[i], $"{source}: spec.mappings[{i}]", problems);
                if (mapping is not null)
                {
                    mappings.Add(mapping);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        if (options.AsOfParameter is { } asOf)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(asOf, "^[A-Za-z0-9_.-]{1,64}$"))
            {
                problems.Add($"{source}: spec.asOfParameter: '{asOf}' must be a plain query parameter name");
            }

            var replay = TimeSpan.FromDays(1);
            if (options.ReplayWindow is not null && (!DurationText.TryParse(options.ReplayWindow, out replay) || replay <= TimeSpan.Zero))
            {
                problems.Add($"{source}: spec.replayWindow: '{options.ReplayWindow}' must be a duration such as 2h or 7d");
            }

            if (problems.Count > 0)
            {
                throw new DefinitionException(problems);
            }

            return new AsOfHttpJsonCollector(Reader(headers, maxResponseBytes), url!, mappings, asOf, replay);
        }

        if (options.ReplayWindow is not null)
        {
            throw new DefinitionException($"{source}: spec.replayWindow: only meaningful with spec.asOfParameter");
        }

        return new HttpJsonCollector(Reader(headers, maxResponseBytes), url!, mappings);
    }

    private JsonSourceReader Reader(IReadOnlyList<KeyValuePair<string, string>> headers, long maxResponseBytes) =>
        new(new HttpSource(_http, KindName, "JSON", headers, maxResponseBytes));

    private static JsonPointMapping? CheckMapping(int index, HttpJsonMappingOptions? mapping, string at, List<string> problems)
    {
        if (mapping is null)
        {
            problems.Add($"{at}: empty; a mapping needs measurement and fields");
            return null;
        }

        var count = problems.Count;
        var items = mapping.Items is null ? null : CheckPath(mapping.Items, $"{at}.items", problems, allowWildcard: true);
        var time = mapping.Time is null ? null : CheckPath(mapping.Time, $"{at}.time", problems, allowWildcard: false);
        if (string.IsNullOrWhiteSpace(mapping.Measurement))
        {
            problems.Add($"{at}.measurement: required, the name the points are stored under");
        }
        else if (mapping.Measurement != mapping.Measurement.Trim() || mapping.Measurement.StartsWith('#'))
        {
            problems.Add($"{at}.measurement: '{mapping.Measurement}' must not start with '#' or carry leading or trailing spaces");
        }

        var tags = new List<TagRule>();
        foreach (var (key, value) in mapping.Tags ?? [])
        {
            var where = $"{at}.tags.{key}";
            if (CheckKey(key, where, problems))
            {
                if (value?.StartsWith('$') == true)
                {
                    tags.Add(new TagRule(key, null, CheckPath(value, where, problems, allowWildcard: false)));
                }
                else if (string.IsNullOrWhiteSpace(value) || value != value.Trim())
                {
                    problems.Add($"{where}: a literal tag value must be non-empty text without leading or trailing spaces");
                }
                else
                {
                    tags.Add(new TagRule(key, value, null));
                }
            }
        }

        var fields = new List<FieldRule>();
        if (mapping.Fields is not { Count: > 0 })
        {
            problems.Add($"{at}.fields: at least one field is required");
        }

        foreach (var (name, value) in mapping.Fields ?? [])
        {
            var where = $"{at}.fields.{name}";
            if (CheckKey(name, where, problems) && CheckPath(value, where, problems, allowWildcard: false) is { } path)
            {
                fields.Add(new FieldRule(name, path));
            }
        }

        return problems.Count > count ? null : new JsonPointMapping(index, items, mapping.Measurement!, tags, fields, time);
    }

    private static bool CheckKey(string key, string where, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(key) || key != key.Trim() || key == "time" || key.StartsWith('_'))
        {
            problems.Add($"{where}: '{key}' cannot be a tag or field name ('time', names starting with '_' and blank names are reserved)");
            return false;
        }

        return true;
    }

    private static JsonPath? CheckPath(string? text, string where, List<string> problems, bool allowWildcard)
    {
        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            problems.Add($"{where}: '{text}' is not a valid JSON path ({error})");
            return null;
        }

        if (path.HasWildcard && !allowWildcard)
        {
            problems.Add($"{where}: '{text}' must name one value; '*' belongs in items");
            return null;
        }

        return path;
    }
}
