using System.Globalization;

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
