using System.Globalization;
using System.Text;

namespace Ioc.Collectors.File;

internal enum ReportFormat
{
    Csv,
    Xlsx,
}

/// <summary>A configured column: the header as written in the definition and the tag or field it feeds.</summary>
internal sealed record ReportColumn(string Header, string Name)
{
    public string Key { get; } = HeaderText.Key(Header);
}

/// <summary>Everything a checked spec says about how a report's table reads; shared by both formats.</summary>
internal sealed record ReportLayout(
    ReportFormat? Format,
    string? SheetName,
    int? SheetIndex,
    int? HeaderRow,
    char? Delimiter,
    NumberFormatInfo Numbers,
    string? DateFormat,
    string Measurement,
    ReportColumn? Time,
    IReadOnlyList<ReportColumn> Tags,
    IReadOnlyList<ReportColumn> Fields,
    IReadOnlySet<string> SkipRows)
{
    public IEnumerable<ReportColumn> Columns => Tags.Concat(Fields).Concat(Time is null ? [] : [Time]);

    public static NumberFormatInfo NumbersWith(char decimalSeparator) => new()
    {
        NumberDecimalSeparator = decimalSeparator.ToString(),
        NumberGroupSeparator = decimalSeparator == ',' ? "." : ",",
    };
}

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
