using System.Text.RegularExpressions;

namespace Ioc.Collectors.Sql;

/// <summary>
/// The database a collector reads: the connection string it opens, and the same without its secrets, which is all
/// that any message, log or status may show (<c>Host=db;Port=5432;Database=dvc;Username=ioc;Password=[redacted]</c>).
/// </summary>
internal sealed partial class SqlSource
{
    public const string RedactedMark = "[redacted]";

    private const int MinScrubbedLength = 4;

    private readonly IReadOnlyList<string> _secrets;

    public SqlSource(string connectionString, string shown, IEnumerable<string?> secrets)
    {
        ConnectionString = connectionString;
        Shown = shown;
        // Replacing a password of one to three characters wherever it occurs would garble every message; such a
        // password is still never written, since no message is built from the connection string itself.
        _secrets = [.. secrets.Where(s => s is { Length: >= MinScrubbedLength }).Select(s => s!).OrderByDescending(s => s.Length)];
    }

    /// <summary>What the provider opens; never to be shown.</summary>
    public string ConnectionString { get; }

    /// <summary>Server, port, database and user, with any password as <see cref="RedactedMark"/>.</summary>
    public string Shown { get; }

    /// <summary>
    /// <paramref name="text"/> (a driver's error) without this source's secrets: its password written anywhere, and any
    /// <c>Password=…</c> pair, whichever connection string it came from.
    /// </summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, RedactedMark, StringComparison.Ordinal);
        }

        return InText(text);
    }

    /// <summary>Every <c>Password=…</c> (or <c>Pwd=</c>, <c>SslPassword=</c>…) pair in a text with its value redacted.</summary>
    public static string InText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PasswordPair().Replace(text, m => m.Groups["key"].Value + "=" + RedactedMark);
    }

    // A value runs to the next ';', or is quoted with its quote doubled inside, as connection strings write it.
    [GeneratedRegex(@"(?<key>\b[\w ]*?(?:password|pwd)[\w]*)\s*=\s*(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPair();
}
