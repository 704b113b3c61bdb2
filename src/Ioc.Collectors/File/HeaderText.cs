using System.Text;

namespace Ioc.Collectors.File;

/// <summary>
/// Headers are compared as people read them: Unicode NFC (a Vietnamese letter typed precomposed or with combining
/// marks is the same letter), trimmed, inner runs of white space (line breaks in a wrapped XLSX header) as one
/// space, and case-insensitive.
/// </summary>
internal static class HeaderText
{
    public static string Key(string header)
    {
        var text = header.Normalize(NormalizationForm.FormC);
        var key = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                key.Append(' ');
                space = false;
            }

            key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }
}
