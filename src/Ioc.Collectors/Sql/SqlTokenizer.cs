namespace Ioc.Collectors.Sql;

internal enum SqlTokenKind
{
    /// <summary>A keyword or an unquoted name: <c>SELECT</c>, <c>unit_code</c>, <c>42</c>.</summary>
    Word,

    /// <summary><c>@name</c>: a bound parameter (or, in MySQL, a user variable).</summary>
    Parameter,

    /// <summary>A string literal or a quoted name; its content is never looked at.</summary>
    Quoted,

    /// <summary>Any other character: <c>(</c>, <c>)</c>, <c>;</c>, <c>,</c>, operators.</summary>
    Symbol,
}

internal readonly record struct SqlToken(SqlTokenKind Kind, string Text)
{
    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;
}

/// <summary>
/// Splits a query into tokens with comments dropped and literals kept opaque, the way the provider's server would,
/// and refuses whatever two servers (or two settings of one server) could read differently: a statement hidden in
/// what one reader takes for a comment or a string must not reach the other. Where the readings may differ
/// (backslashes inside quotes, nested comments, MySQL's executable comments) it refuses rather than guesses.
/// </summary>
internal sealed class SqlTokenizer
{
    private readonly string _text;
    private readonly SqlProvider _provider;
    private int _at;

    private SqlTokenizer(string text, SqlProvider provider)
    {
        _text = text;
        _provider = provider;
    }

    /// <summary>The tokens, or null with what was refused (completing "found …").</summary>
    public static List<SqlToken>? Tokenize(string text, SqlProvider provider, out string? refused)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SqlTokenizer(text, provider).Run(out refused);
    }

    private List<SqlToken>? Run(out string? refused)
    {
        var tokens = new List<SqlToken>();
        refused = null;
        while (_at < _text.Length && refused is null)
        {
            var c = _text[_at];
            var next = _at + 1 < _text.Length ? _text[_at + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                _at++;
            }
            else if (c == '-' && next == '-' && IsLineComment())
            {
                SkipLine();
            }
            else if (c == '#' && _provider == SqlProvider.MySql)
            {
                SkipLine();
            }
            else if (c == '/' && next == '*')
            {
                refused = SkipBlockComment();
            }
            else if (c is '\'' or '"' || (c == '`' && _provider == SqlProvider.MySql))
            {
                refused = ReadQuoted(c, c, tokens);
            }
            else if (c == '[' && _provider == SqlProvider.SqlServer)
            {
                refused = ReadQuoted('[', ']', tokens);
            }
            else if (c == '$' && _provider == SqlProvider.PostgreSql && DollarTag() is { } tag)
            {
                refused = ReadDollarQuoted(tag, tokens);
            }
            else if (c == '@' && next == '@')
            {
                // A server variable (@@ROWCOUNT, @@session.time_zone): read-only in an expression.
                _at += 2;
                tokens.Add(new SqlToken(SqlTokenKind.Word, "@@" + ReadWord()));
            }
            else if (c == '@' && IsWordChar(next))
            {
                _at++;
                tokens.Add(new SqlToken(SqlTokenKind.Parameter, ReadWord()));
            }
            else if (IsWordChar(c) || (c == '#' && _provider == SqlProvider.SqlServer))
            {
                tokens.Add(new SqlToken(SqlTokenKind.Word, ReadWord()));
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString()));
                _at++;
            }
        }

        return refused is null ? tokens : null;
    }

    // MySQL reads "--" as a comment only when a space or control character follows: "1--1" is 1 - (-1).
    private bool IsLineComment() =>
        _provider != SqlProvider.MySql || _at + 2 >= _text.Length || char.IsWhiteSpace(_text[_at + 2]) || char.IsControl(_text[_at + 2]);

    private void SkipLine()
    {
        while (_at < _text.Length && _text[_at] is not ('\n' or '\r'))
        {
            _at++;
        }
    }

    private string? SkipBlockComment()
    {
        if (_provider == SqlProvider.MySql && _at + 2 < _text.Length
            && (_text[_at + 2] is '!' or '+' || (_text[_at + 2] == 'M' && _at + 3 < _text.Length && _text[_at + 3] == '!')))
        {
            return "a comment the server executes (/*! … */, /*M! … */ or an optimizer hint /*+ … */)";
        }

        // PostgreSQL and SQL Server nest comments, MySQL does not: a comment inside a comment ends differently.
        for (var i = _at + 2; i + 1 < _text.Length; i++)
        {
            if (_text[i] == '*' && _text[i + 1] == '/')
            {
                _at = i + 2;
                return null;
            }

            if (_text[i] == '/' && _text[i + 1] == '*')
            {
                return "a comment inside a comment";
            }
        }

        return "a comment that is never closed (/* without */)";
    }

    /// <summary>A string or quoted name: the closing character doubled stands for itself.</summary>
    private string? ReadQuoted(char open, char close, List<SqlToken> tokens)
    {
        for (var i = _at + 1; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == '\\' && open != '`' && open != '[' && _provider != SqlProvider.SqlServer)
            {
                // MySQL escapes with it unless NO_BACKSLASH_ESCAPES is set, PostgreSQL only in E'…' strings.
                return $"a backslash inside {open}…{close} (whether it escapes depends on server settings; write the text without it)";
            }

            if (c != close)
            {
                continue;
            }

            if (i + 1 < _text.Length && _text[i + 1] == close)
            {
                i++;
                continue;
            }

            tokens.Add(new SqlToken(SqlTokenKind.Quoted, _text[_at..(i + 1)]));
            _at = i + 1;
            return null;
        }

        return $"{open} that is never closed";
    }

    /// <summary>At a '$': the delimiter of a PostgreSQL dollar-quoted string (<c>$$</c>, <c>$body$</c>), if it is one.</summary>
    private string? DollarTag()
    {
        var i = _at + 1;
        if (i < _text.Length && (char.IsLetter(_text[i]) || _text[i] == '_'))
        {
            while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_'))
            {
                i++;
            }
        }

        return i < _text.Length && _text[i] == '$' ? _text[_at..(i + 1)] : null;
    }

    private string? ReadDollarQuoted(string tag, List<SqlToken> tokens)
    {
        var end = _text.IndexOf(tag, _at + tag.Length, StringComparison.Ordinal);
        if (end < 0)
        {
            return $"a {tag} string that is never closed";
        }

        tokens.Add(new SqlToken(SqlTokenKind.Quoted, _text[_at..(end + tag.Length)]));
        _at = end + tag.Length;
        return null;
    }

    private string ReadWord()
    {
        var start = _at;
        while (_at < _text.Length && (IsWordChar(_text[_at]) || _text[_at] == '$' || (_text[_at] == '#' && _provider == SqlProvider.SqlServer)))
        {
            _at++;
        }

        return _text[start.._at];
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
