namespace Ioc.Collectors.Sql;

/// <summary>The database servers the <c>sql</c> kind reads; each has one <see cref="SqlDialect"/>.</summary>
internal enum SqlProvider
{
    PostgreSql,
    MySql,
    SqlServer,
}

/// <summary>The names <c>spec.provider</c> is written with; the only place they are compared.</summary>
internal static class SqlProviderNames
{
    private static readonly Dictionary<string, SqlProvider> ByName = new(StringComparer.Ordinal)
    {
        ["postgresql"] = SqlProvider.PostgreSql,
        ["mysql"] = SqlProvider.MySql,
        // One client (MySqlConnector) serves both; the dialect tells them apart on connecting.
        ["mariadb"] = SqlProvider.MySql,
        ["sqlserver"] = SqlProvider.SqlServer,
    };

    public static string Known => "postgresql, mysql (also mariadb), sqlserver";

    public static bool TryParse(string? text, out SqlProvider provider) => ByName.TryGetValue(text ?? "", out provider);

    public static string NameOf(SqlProvider provider) => provider switch
    {
        SqlProvider.PostgreSql => "postgresql",
        SqlProvider.MySql => "mysql",
        SqlProvider.SqlServer => "sqlserver",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
