namespace Ioc.Collectors.Sql;

/// <summary>
/// A query the <c>sql</c> kind runs: exactly one <c>SELECT</c>, or <c>WITH … SELECT</c>, that neither writes nor
/// locks. The check is conservative, on the query with comments and literals taken out: a second statement (after
/// a ';', or in T-SQL, which needs none, after a space), any word that writes, locks, runs code or ends the
/// transaction, and any parameter but <c>@from</c> and <c>@to</c> is refused, even where the server would have
/// read it harmlessly. It backs up, and does not replace, the read-only transaction and a read-only account.
/// </summary>
internal sealed class SelectStatement
{
    public const string OnlyOne = "only one SELECT or WITH statement is accepted";

    public const string FromParameter = "from";

    public const string ToParameter = "to";

    // Statements, and clauses that make a SELECT write, lock or run code; refused anywhere in the query.
    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "INTO", "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME",
        "GRANT", "REVOKE", "COPY", "LOAD", "CALL", "EXEC", "EXECUTE", "PREPARE", "DEALLOCATE", "BEGIN", "COMMIT",
        "ROLLBACK", "SAVEPOINT", "SET", "DECLARE", "LOCK", "UNLOCK", "KILL", "SHUTDOWN", "VACUUM", "REINDEX",
        "REFRESH", "NOTIFY", "LISTEN", "HANDLER", "NEXTVAL", "SETVAL",
    };

    // T-SQL starts a new statement without a ';', so every word that can begin one is refused as well.
    private static readonly HashSet<string> RefusedInTransactSql = new(StringComparer.OrdinalIgnoreCase)
    {
        "WAITFOR", "BACKUP", "RESTORE", "DBCC", "USE", "IF", "WHILE", "PRINT", "RAISERROR", "THROW", "GOTO", "RETURN",
        "RECONFIGURE", "REVERT", "CHECKPOINT", "BULK", "OPENROWSET", "OPENQUERY", "OPENDATASOURCE", "SETUSER",
        "UPDATETEXT", "WRITETEXT", "READTEXT", "RECEIVE", "SEND", "MOVE", "SAVE", "DENY", "DISABLE", "ENABLE", "DUMP",
        "BREAK", "CONTINUE", "OPEN", "CLOSE", "ADD",
    };

    // Words after which a second SELECT at the top level belongs to the same statement.
    private static readonly HashSet<string> SetOperators = new(StringComparer.OrdinalIgnoreCase)
    {
        "UNION", "INTERSECT", "EXCEPT", "MINUS", "ALL", "DISTINCT",
    };

    private SelectStatement(string text, bool usesFrom, bool usesTo)
    {
        Text = text;
        UsesFrom = usesFrom;
        UsesTo = usesTo;
    }

    /// <summary>The query as written; it is sent unchanged.</summary>
    public string Text { get; }

    public bool UsesFrom { get; }

    public bool UsesTo { get; }

    /// <summary>The accepted statement, or null with the problem as a definition error states it after the field.</summary>
    public static SelectStatement? Check(string text, SqlProvider provider, out string? problem)
    {
        var tokens = SqlTokenizer.Tokenize(text, provider, out var refused);
        if (tokens is null)
        {
            problem = $"{OnlyOne}; found {refused}";
            return null;
        }

        // Trailing semicolons end the one statement; any other starts a second.
        var count = tokens.Count;
        while (count > 0 && tokens[count - 1].IsSymbol(';'))
        {
            count--;
        }

        problem = CheckStart(tokens, count);
        if (problem is not null)
        {
            return null;
        }

        problem = CheckBody(tokens, count, provider, out var usesFrom, out var usesTo);
        return problem is null ? new SelectStatement(text, usesFrom, usesTo) : null;
    }

    private static string? CheckStart(List<SqlToken> tokens, int count)
    {
        var first = 0;
        while (first < count && tokens[first].IsSymbol('('))
        {
            first++;
        }

        if (first == count)
        {
            return $"{OnlyOne}; found no statement";
        }

        var start = tokens[first];
        return start.IsWord("SELECT") || start.IsWord("WITH") ? null : $"{OnlyOne}; found {Describe(start)}";
    }

    private static string? CheckBody(List<SqlToken> tokens, int count, SqlProvider provider, out bool usesFrom, out bool usesTo)
    {
        usesFrom = false;
        usesTo = false;
        var depth = 0;
        var topLevelSelect = false;
        SqlToken? previousAtTop = null;
        for (var i = 0; i < count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case SqlTokenKind.Symbol when token.IsSymbol(';'):
                    return $"{OnlyOne}; found ';' followed by a second statement";
                case SqlTokenKind.Symbol when token.IsSymbol('('):
                    depth++;
                    break;
                case SqlTokenKind.Symbol when token.IsSymbol(')'):
                    if (--depth < 0)
                    {
                        return $"{OnlyOne}; found ')' without its '('";
                    }

                    break;
                case SqlTokenKind.Parameter when token.Text == FromParameter:
                    usesFrom = true;
                    break;
                case SqlTokenKind.Parameter when token.Text == ToParameter:
                    usesTo = true;
                    break;
                case SqlTokenKind.Parameter:
                    return $"@{token.Text} is not bound: the only parameters are @from and @to, the run's window (written in lower case)";
                case SqlTokenKind.Word:
                    if (RefusedWord(tokens, i, count, provider) is { } word)
                    {
                        return $"{OnlyOne}; found {word}";
                    }

                    if (depth == 0 && token.IsWord("SELECT"))
                    {
                        if (topLevelSelect && !(previousAtTop is { Kind: SqlTokenKind.Word } p && SetOperators.Contains(p.Text)))
                        {
                            return $"{OnlyOne}; found a second SELECT statement";
                        }

                        topLevelSelect = true;
                    }

                    break;
            }

            if (depth == 0)
            {
                previousAtTop = token;
            }
        }

        return depth > 0 ? $"{OnlyOne}; found '(' without its ')'" : null;
    }

    /// <summary>What refuses the word at <paramref name="i"/>, if anything: the word itself or the phrase it starts.</summary>
    private static string? RefusedWord(List<SqlToken> tokens, int i, int count, SqlProvider provider)
    {
        var word = tokens[i].Text;
        if (Refused.Contains(word) || (provider == SqlProvider.SqlServer && RefusedInTransactSql.Contains(word)))
        {
            return word.ToUpperInvariant();
        }

        // Sequences advance even in a read-only transaction on some servers; row locks block the source's own writers.
        if (tokens[i].IsWord("NEXT") && i + 1 < count && tokens[i + 1].IsWord("VALUE"))
        {
            return "NEXT VALUE FOR";
        }

        if (tokens[i].IsWord("SHARE") && i > 0 && (tokens[i - 1].IsWord("FOR") || tokens[i - 1].IsWord("KEY")))
        {
            return "FOR SHARE (it locks rows)";
        }

        return null;
    }

    private static string Describe(SqlToken token) => token.Kind switch
    {
        SqlTokenKind.Word => token.Text.ToUpperInvariant(),
        SqlTokenKind.Parameter => "@" + token.Text,
        SqlTokenKind.Quoted => "a quoted text or name",
        _ => $"'{token.Text}'",
    };
}
