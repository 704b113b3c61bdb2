using System.Globalization;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.File;

/// <summary>
/// Turns one report file into points: finds the header row (given, or the first that holds every configured
/// column), then makes a point per data row. The first cell it cannot read fails the whole file, named by sheet,
/// row and column; nothing of a broken file is returned.
/// </summary>
internal static class ReportMapper
{
    /// <summary>How far down a header is looked for when <c>headerRow</c> is not given: title blocks are short.</summary>
    internal const int HeaderSearchRows = 50;

    public static List<MetricPoint> Read(byte[] content, ReportFormat format, ReportLayout layout, long slotTimestamp)
    {
        if (format == ReportFormat.Xlsx)
        {
            var sheet = XlsxReportReader.Read(content, layout.SheetName, layout.SheetIndex);
            return Map(sheet, FindHeader(sheet, layout, out var problem) ?? throw new ReportException(problem!), layout, slotTimestamp);
        }

        var text = CsvReportReader.Decode(content);
        string? firstProblem = null;
        foreach (var delimiter in layout.Delimiter is { } given ? [given] : CsvReportReader.Delimiters)
        {
            var table = CsvReportReader.Read(text, delimiter);
            if (FindHeader(table, layout, out var problem) is { } header)
            {
                return Map(table, header, layout, slotTimestamp);
            }

            firstProblem ??= problem;
        }

        throw new ReportException(layout.Delimiter is null ? $"{firstProblem} (separators tried: ; , tab |)" : firstProblem!);
    }

    private sealed record Header(int Row, Dictionary<ReportColumn, int> Columns);

    private static Header? FindHeader(ReportTable table, ReportLayout layout, out string? problem)
    {
        var wanted = layout.Columns.ToList();
        var rows = layout.HeaderRow is { } fixedRow ? [fixedRow - 1] : Enumerable.Range(0, Math.Min(table.Rows.Count, HeaderSearchRows));
        (int Row, List<ReportColumn> Missing)? closest = null;
        foreach (var r in rows)
        {
            var cells = r < table.Rows.Count ? table.Rows[r] : [];
            var keys = cells.Select(c => c is string s ? HeaderText.Key(s) : null).ToList();
            var columns = new Dictionary<ReportColumn, int>();
            var missing = new List<ReportColumn>();
            foreach (var column in wanted)
            {
                var index = keys.IndexOf(column.Key);
                if (index < 0)
                {
                    missing.Add(column);
                }
                else if (keys.LastIndexOf(column.Key) != index)
                {
                    problem = $"{table.AtRow(r)}: the header '{column.Header}' appears twice; which column is meant?";
                    return null;
                }
                else
                {
                    columns[column] = index;
                }
            }

            if (missing.Count == 0)
            {
                problem = null;
                return new Header(r, columns);
            }

            if (closest is null || missing.Count < closest.Value.Missing.Count)
            {
                closest = (r, missing);
            }
        }

        var absent = closest is null ? "" : string.Join(", ", closest.Value.Missing.Select(c => $"'{c.Header}'"));
        problem = layout.HeaderRow is { } row
            ? $"{table.AtRow(row - 1)} (headerRow) lacks the column(s) {absent}"
            : $"{(table.Sheet is null ? "" : $"sheet '{table.Sheet}': ")}no row among the first {HeaderSearchRows} holds every configured column"
                + (closest is { } c && c.Missing.Count < wanted.Count ? $"; {table.AtRow(c.Row)} comes closest, without {absent}" : $" ({string.Join(", ", wanted.Select(w => $"'{w.Header}'"))})");
        return null;
    }

    private static List<MetricPoint> Map(ReportTable table, Header header, ReportLayout layout, long slotTimestamp)
    {
        var points = new List<MetricPoint>();
        for (var r = header.Row + 1; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r];
            object? Cell(ReportColumn column) => header.Columns[column] < cells.Count ? cells[header.Columns[column]] : null;

            // Blank rows and section headings (a district's name over its communes, no figures) carry no point.
            if (layout.Fields.All(f => IsBlank(Cell(f))))
            {
                continue;
            }

            // Totals ("Tổng cộng") sum the units above them: not a unit of their own.
            if (layout.Tags.Any(t => Cell(t) is string text && layout.SkipRows.Contains(HeaderText.Key(text))))
            {
                continue;
            }

            string At(ReportColumn column) => $"{table.At(r, header.Columns[column])} ('{column.Header}')";
            var tags = layout.Tags.Select(t => new Tag(t.Name, ReadTag(Cell(t), At(t)))).ToList();
            var fields = layout.Fields.Select(f => new Field(f.Name, ReadNumber(Cell(f), layout.Numbers, At(f)))).ToList();
            var time = layout.Time is { } timeColumn ? ReadTime(Cell(timeColumn), layout.DateFormat, At(timeColumn)) : slotTimestamp;
            points.Add(new MetricPoint(layout.Measurement, tags, fields, time));
        }

        return points;
    }

    private static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    private static string ReadTag(object? cell, string at) => cell switch
    {
        // Padded names ("Xã Can Lộc ") are common and never meaningful; stores refuse them.
        string text when text.Trim().Length > 0 => text.Trim(),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ when IsBlank(cell) => throw new ReportException($"{at}: empty, but it names the row's tag"),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture)!,
    };

    private static double ReadNumber(object? cell, NumberFormatInfo numbers, string at)
    {
        if (cell is double value && double.IsFinite(value))
        {
            return value;
        }

        if (IsBlank(cell))
        {
            throw new ReportException($"{at}: empty, but the row has other figures");
        }

        // "81,17 %" is the way shares are written: the sign is decoration, the figure stays 81.17.
        var text = (cell as string ?? Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "").Trim().TrimEnd('%').Trim();
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;
        if (double.TryParse(text, Styles, numbers, out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw new ReportException($"{at}: '{Shorten(cell)}' is not a number (decimal separator '{numbers.NumberDecimalSeparator}')");
    }

    private static long ReadTime(object? cell, string? format, string at)
    {
        switch (cell)
        {
            case DateTime date:
                return UnixTime.ToNanoseconds(new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)));
            case double serial when serial is >= 1 and < 2958466:
                // An XLSX date cell without a date style arrives as its serial day number.
                return UnixTime.ToNanoseconds(new DateTimeOffset(DateTime.SpecifyKind(DateTime.FromOADate(serial), DateTimeKind.Utc)));
            case string text:
                const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
                if (format is null
                    ? DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, Styles, out var time)
                    : DateTimeOffset.TryParseExact(text.Trim(), format, CultureInfo.InvariantCulture, Styles, out time))
                {
                    return UnixTime.ToNanoseconds(time);
                }

                break;
        }

        throw new ReportException(IsBlank(cell)
            ? $"{at}: empty, but it holds the row's time"
            : $"{at}: '{Shorten(cell)}' is not a date{(format is null ? " (ISO 8601 expected; set dateFormat)" : $" in the format '{format}'")}");
    }

    private static string Shorten(object? cell)
    {
        var text = Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "";
        return text.Length > 60 ? text[..60] + "…" : text;
    }
}
