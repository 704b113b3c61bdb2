using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Ingest;

/// <summary>
/// What InfluxDB clients ask besides writing: Telegraf's <c>outputs.influxdb</c> sends <c>CREATE DATABASE</c>
/// at start, node-influx may ask <c>SHOW DATABASES</c> and <c>/ping</c>, 2.x clients' health checks <c>/health</c>.
/// Ioc keeps one store and creates nothing,
/// so these are answered in InfluxDB's shape and every other statement is refused, naming it: Ioc does not run
/// InfluxQL (its query API is <c>/api/v1/query</c>).
/// </summary>
internal static partial class InfluxCompatibility
{
    /// <summary>The InfluxDB version Ioc's write endpoints behave as, for clients that look.</summary>
    public const string Version = "1.8.10";

    /// <summary>The one database <c>SHOW DATABASES</c> names: writes go to Ioc's store whatever <c>db</c> they name.</summary>
    public const string Database = "ioc";

    /// <summary>Marks the 1.x write paths, which also take precision <c>m</c> and <c>h</c>.</summary>
    public static readonly WriteMetadata Write = new();

    internal sealed class WriteMetadata;

    public sealed record StatementResult(
        [property: JsonPropertyName("statement_id")] int StatementId,
        [property: JsonPropertyName("series"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Series>? Series = null);

    public sealed record Series(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
        [property: JsonPropertyName("values")] IReadOnlyList<IReadOnlyList<string>> Values);

    public sealed record QueryResults([property: JsonPropertyName("results")] IReadOnlyList<StatementResult> Results);

    public sealed record Error([property: JsonPropertyName("error")] string Message);

    public sealed record PingVersion([property: JsonPropertyName("version")] string Version);

    public sealed record HealthAnswer(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("checks")] IReadOnlyList<object> Checks,
        [property: JsonPropertyName("version")] string Version);

    public static async Task<Results<Ok<QueryResults>, BadRequest<Error>>> QueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? q = request.Query["q"];
        if (string.IsNullOrWhiteSpace(q) && request.HasFormContentType)
        {
            q = (await request.ReadFormAsync(cancellationToken))["q"];
        }

        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.BadRequest(new Error("missing required parameter \"q\""));
        }

        return Answer(q) is { } results ? TypedResults.Ok(results) : TypedResults.BadRequest(new Error(Refusal(q)));
    }

    /// <summary>The answer to every statement, or null when one of them is not <c>CREATE DATABASE</c> or <c>SHOW DATABASES</c>.</summary>
    internal static QueryResults? Answer(string q)
    {
        var results = new List<StatementResult>();
        foreach (var statement in Statements(q))
        {
            if (CreateDatabase().IsMatch(statement))
            {
                results.Add(new StatementResult(results.Count));
            }
            else if (ShowDatabases().IsMatch(statement))
            {
                results.Add(new StatementResult(results.Count, [new Series("databases", ["name"], [[Database]])]));
            }
            else
            {
                return null;
            }
        }

        return new QueryResults(results);
    }

    private static string Refusal(string q)
    {
        var statements = Statements(q);
        var index = statements.FindIndex(s => !CreateDatabase().IsMatch(s) && !ShowDatabases().IsMatch(s));
        var statement = statements[index];
        var quoted = statement.Length > 80 ? statement[..80] + "…" : statement;
        return $"statement {index + 1} ('{quoted}') was not run: Ioc answers only CREATE DATABASE and SHOW DATABASES here and runs no InfluxQL; read series through POST /api/v1/query/range";
    }

    public static Results<NoContent, Ok<PingVersion>> Ping(HttpResponse response, bool? verbose)
    {
        response.Headers["X-Influxdb-Version"] = Version;
        response.Headers["X-Influxdb-Build"] = "OSS";
        return verbose == true ? TypedResults.Ok(new PingVersion(Version)) : TypedResults.NoContent();
    }

    /// <summary>InfluxDB 2.x's liveness answer: the process is up; what it depends on is <c>/readyz</c>'s to say.</summary>
    public static Ok<HealthAnswer> Health() => TypedResults.Ok(new HealthAnswer("ioc", "ready for writes", "pass", [], Version));

    /// <summary>Statements separated by <c>;</c> outside quotes and identifiers, blank ones left out.</summary>
    private static List<string> Statements(string q)
    {
        var statements = new List<string>();
        var start = 0;
        char? quote = null;
        for (var i = 0; i < q.Length; i++)
        {
            var c = q[i];
            if (quote is { } open)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == open)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ';')
            {
                statements.Add(q[start..i]);
                start = i + 1;
            }
        }

        statements.Add(q[start..]);
        return [.. statements.Select(s => s.Trim()).Where(s => s.Length > 0)];
    }

    // A name is an identifier or a double-quoted string; Telegraf may add "WITH DURATION …" for its retention policy.
    [GeneratedRegex("""^CREATE\s+DATABASE\s+(?:"(?:[^"\\]|\\.)*"|[^\s"]+)(?:\s+WITH\s.*)?$""", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateDatabase();

    [GeneratedRegex("""^SHOW\s+DATABASES$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShowDatabases();
}
