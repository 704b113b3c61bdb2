using System.Text.RegularExpressions;

namespace Ioc.Core.Collecting;

/// <summary>
/// A source URL as it may be shown: without user-info, query or fragment, which is where API keys and tokens
/// ride. Used for every message, log, status and job that names a source.
/// </summary>
public static partial class RedactedUrl
{
    /// <summary>What stands in for a removed query.</summary>
    public const string QueryMark = "?[redacted]";

    /// <summary><c>https://user:pw@host/path?token=abc</c> as <c>https://host/path?[redacted]</c>.</summary>
    public static string Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return InText(url.OriginalString);
        }

        var shown = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return url.Query.Length > 1 ? shown + QueryMark : shown;
    }

    /// <summary>Every absolute URL inside <paramref name="text"/> (an error message) redacted as <see cref="Of(Uri)"/> does.</summary>
    public static string InText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("://", StringComparison.Ordinal) ? UrlInText().Replace(text, m => Redact(m.Value)) : text;
    }

    // Cut as text rather than parsed: the rest of the message stays exactly as written, and a URL too malformed
    // to parse loses its secrets all the same.
    private static string Redact(string candidate)
    {
        var withoutUser = UserInfo().Replace(candidate, "://", 1);
        var query = withoutUser.IndexOfAny(['?', '#']);
        return query < 0 ? withoutUser : withoutUser[..query] + (withoutUser[query] == '?' ? QueryMark : "");
    }

    // Punctuation that ends a sentence or a list is not part of the URL before it.
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'<>(){}]*[^\s""'<>(){}.,;:!?]")]
    private static partial Regex UrlInText();

    [GeneratedRegex("://[^/?#@]*@")]
    private static partial Regex UserInfo();
}
