using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.Sql;

/// <summary>
/// <c>kind: sql</c>: one SELECT on a sector database (PostgreSQL, MySQL/MariaDB, SQL Server) per run, its rows mapped
/// to points by column. Every problem of a spec is reported at once, each as <c>file: spec.field: what is wrong</c>.
/// </summary>
internal sealed class SqlCollectorKind : ICollectorKind
{
    public const string KindName = "sql";

    public const int DefaultMaxRows = 10_000;

    public const int MaxRowsLimit = 1_000_000;

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly SpecHelp Help = new(
        "provider, connectionString, query, timeout, maxRows, measurement, time, tags, fields",
        "provider, connectionString, query, timeout, measurement and time are text; tags and fields a list or mapping of columns",
        Exact: new Dictionary<string, string> { ["$.maxRows"] = "a whole number of rows, such as 10000" });

    private readonly ILogger<SqlCollector> _logger;

    public SqlCollectorKind(ILogger<SqlCollector> logger) => _logger = logger;

    public string Name => KindName;

    public ICollector Create(CollectorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var source = definition.Source;
        var options = SpecBinding.Bind<SqlCollectorOptions>(definition, SpecJson, Help);

        var problems = new List<string>();
        var timeout = CheckTimeout(options.Timeout, definition.Timeout, source, problems);
        SqlDialect? dialect = null;
        if (string.IsNullOrWhiteSpace(options.Provider))
        {
            problems.Add($"{source}: spec.provider: required, one of {SqlProviderNames.Known}");
        }
        else if (!SqlProviderNames.TryParse(options.Provider, out var provider))
        {
            problems.Add($"{source}: spec.provider: '{options.Provider}' is not supported (known: {SqlProviderNames.Known})");
        }
        else
        {
            dialect = SqlDialect.For(provider);
        }

        // Both depend on the provider: its connection-string keys, its comment and quoting rules.
        var sqlSource = dialect is null ? null : CheckConnectionString(dialect, options.ConnectionString, timeout, source, problems);
        var statement = dialect is null ? null : CheckQuery(dialect, options.Query, source, problems);
        var mapping = CheckMapping(options, source, problems);
        if (!CronSchedule.TryParse(definition.Schedule, out var schedule, out var cronError))
        {
            problems.Add($"{source}: schedule: {cronError}");
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        return new SqlCollector(dialect!, sqlSource!, statement!, schedule!, timeout, mapping!, _logger);
    }

    /// <summary>The statement timeout: default, and at most, the run's own timeout, which would cancel the run first.</summary>
    private static TimeSpan CheckTimeout(string? text, TimeSpan runTimeout, string source, List<string> problems)
    {
        if (text is null)
        {
            return runTimeout;
        }

        if (!DurationText.TryParse(text, out var timeout) || timeout < TimeSpan.FromMilliseconds(1))
        {
            problems.Add($"{source}: spec.timeout: '{text}' must be a duration such as 500ms, 20s or 2m");
            return runTimeout;
        }

        if (timeout > runTimeout)
        {
            problems.Add($"{source}: spec.timeout: {text} is longer than the collector's timeout ({runTimeout.TotalSeconds:0.###}s), which would stop the run first; raise timeout or lower spec.timeout");
            return runTimeout;
        }

        return timeout;
    }

    private static SqlSource? CheckConnectionString(SqlDialect dialect, string? text, TimeSpan timeout, string source, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{source}: spec.connectionString: required; write the password as ${{NAME}} and set Ioc:Variables:NAME");
            return null;
        }

        // Connecting may take half the statement timeout, so that an unreachable server is reported as such.
        var sqlSource = dialect.Parse(text, timeout / 2, out var problem);
        if (sqlSource is null)
        {
            problems.Add($"{source}: spec.connectionString: {problem}");
        }

        return sqlSource;
    }

    private static SelectStatement? CheckQuery(SqlDialect dialect, string? text, string source, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{source}: spec.query: required, one SELECT; @from and @to are the run's window");
            return null;
        }

        var statement = SelectStatement.Check(text, dialect.Provider, out var problem);
        if (statement is null)
        {
            problems.Add($"{source}: spec.query: {problem}");
        }

        return statement;
    }

    private static SqlPointMapping? CheckMapping(SqlCollectorOptions options, string source, List<string> problems)
    {
        var count = problems.Count;
        if (string.IsNullOrWhiteSpace(options.Measurement))
        {
            problems.Add($"{source}: spec.measurement: required, the name the points are stored under");
        }
        else if (options.Measurement != options.Measurement.Trim() || options.Measurement.StartsWith('#'))
        {
            problems.Add($"{source}: spec.measurement: '{options.Measurement}' must not start with '#' or carry leading or trailing spaces");
        }

        if (options.Time is not null && (string.IsNullOrWhiteSpace(options.Time) || options.Time != options.Time.Trim()))
        {
            problems.Add($"{source}: spec.time: '{options.Time}' must be a column name");
        }

        var tags = CheckColumns(options.Tags, "tags", "tag", MetricValidator.MaxTags, source, problems);
        var fields = CheckColumns(options.Fields, "fields", "field", MetricValidator.MaxFields, source, problems);
        if (fields.Count == 0 && problems.Count == count)
        {
            problems.Add($"{source}: spec.fields: at least one field column is required");
        }

        foreach (var both in tags.Select(t => t.Name).Intersect(fields.Select(f => f.Name), StringComparer.Ordinal))
        {
            problems.Add($"{source}: spec.fields: '{both}' is also a tag; a name is either a tag or a field");
        }

        var maxRows = options.MaxRows ?? DefaultMaxRows;
        if (maxRows is < 1 or > MaxRowsLimit)
        {
            problems.Add($"{source}: spec.maxRows: {maxRows} must be from 1 to {MaxRowsLimit} (default {DefaultMaxRows})");
        }

        return problems.Count > count ? null : new SqlPointMapping(options.Measurement!, options.Time, tags, fields, maxRows);
    }

    /// <summary><c>[column, …]</c> or <c>{ column: name }</c>, each name usable as a tag key or field name.</summary>
    private static List<SqlColumnRule> CheckColumns(JsonNode? node, string field, string what, int max, string source, List<string> problems)
    {
        var pairs = new List<(string Where, string? Column, string? Name)>();
        switch (node)
        {
            case null:
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var column = Text(array[i]);
                    pairs.Add(($"spec.{field}[{i}]", column, column));
                }

                break;
            case JsonObject map:
                foreach (var (column, name) in map)
                {
                    pairs.Add(($"spec.{field}.{column}", column, Text(name)));
                }

                break;
            default:
                problems.Add($"{source}: spec.{field}: a list of columns ([unit_code, …]) or a mapping of column to {what} name ({{ unit_code: unit }})");
                return [];
        }

        var rules = new List<SqlColumnRule>();
        foreach (var (where, column, name) in pairs)
        {
            if (string.IsNullOrWhiteSpace(column) || column != column.Trim())
            {
                problems.Add($"{source}: {where}: '{column}' must be a column name without leading or trailing spaces");
            }
            else if (string.IsNullOrWhiteSpace(name) || name != name.Trim() || name == "time" || name.StartsWith('_'))
            {
                problems.Add($"{source}: {where}: '{name}' cannot be a {what} name ('time', names starting with '_' and blank names are reserved; rename it with {{ {column}: other_name }})");
            }
            else if (rules.Exists(r => r.Name == name))
            {
                problems.Add($"{source}: {where}: {what} '{name}' is named twice");
            }
            else
            {
                rules.Add(new SqlColumnRule(column, name));
            }
        }

        if (rules.Count > max)
        {
            problems.Add($"{source}: spec.{field}: {rules.Count} {what}s; a point holds at most {max}");
        }

        return rules;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
