using System.Text.Json.Nodes;

namespace Ioc.Collectors.Sql;

/// <summary>The <c>spec</c> of a <c>sql</c> definition, as written; <see cref="SqlCollectorKind"/> checks it.</summary>
internal sealed class SqlCollectorOptions
{
    /// <summary><c>postgresql</c>, <c>mysql</c> (or <c>mariadb</c>) or <c>sqlserver</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's connection string; <c>${NAME}</c> keeps the password in settings.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>One SELECT (or WITH … SELECT); <c>@from</c> and <c>@to</c> are the run's window.</summary>
    public string? Query { get; set; }

    /// <summary>Statement timeout (<c>20s</c>); default and upper bound: the definition's <c>timeout</c>.</summary>
    public string? Timeout { get; set; }

    /// <summary>Most rows a run reads; a larger result fails the run. Default 10,000.</summary>
    public int? MaxRows { get; set; }

    /// <summary>The measurement every row is stored under.</summary>
    public string? Measurement { get; set; }

    /// <summary>Column with each row's time; without it points carry the run's slot.</summary>
    public string? Time { get; set; }

    /// <summary><c>[column, …]</c> (the tag takes the column's name) or <c>{ column: tagKey }</c>.</summary>
    public JsonNode? Tags { get; set; }

    /// <summary><c>[column, …]</c> (the field takes the column's name) or <c>{ column: fieldName }</c>.</summary>
    public JsonNode? Fields { get; set; }
}
