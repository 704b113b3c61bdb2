using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using nietras.SeparatedValues;

namespace Ioc.Collectors.File;

/// <summary>
/// A report's cells as read, before any header is known: row i of <see cref="Rows"/> is row i + 1 of the file,
/// title and blank rows included, so every message can name the row a person sees. A cell is null, text, a number
/// (XLSX numeric cells) or a date (XLSX date cells).
/// </summary>
internal sealed record ReportTable(string? Sheet, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>"sheet 'Báo cáo', row 7, column C" for XLSX; "row 7, column 3" for CSV.</summary>
    public string At(int row, int column) => Sheet is null
        ? $"row {row + 1}, column {column + 1}"
        : $"sheet '{Sheet}', row {row + 1}, column {ColumnLetters(column)}";

    public string AtRow(int row) => Sheet is null ? $"row {row + 1}" : $"sheet '{Sheet}', row {row + 1}";

    private static string ColumnLetters(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}

/// <summary>A file whose content cannot be imported; the message names sheet, row and column where it can.</summary>
internal sealed class ReportException : Exception
{
    public ReportException(string message)
        : base(message)
    {
    }

    public ReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReportException()
    {
    }
}

internal static class CsvReportReader
{
    public static readonly char[] Delimiters = [';', ',', '\t', '|'];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8, with or without a byte-order mark; anything else is refused rather than misread.</summary>
    public static string Decode(byte[] content)
    {
        var start = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return StrictUtf8.GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ReportException($"not UTF-8 text (byte {ex.Index + start}); save the CSV as 'CSV UTF-8'", ex);
        }
    }

    public static ReportTable Read(string text, char delimiter)
    {
        var rows = new List<IReadOnlyList<object?>>();
        try
        {
            using var reader = Sep.Reader(o => o with
            {
                Sep = new Sep(delimiter),
                HasHeader = false,
                DisableColCountCheck = true,
                Unescape = true,
            }).FromText(text);
            foreach (var row in reader)
            {
                var cells = new object?[row.ColCount];
                for (var c = 0; c < cells.Length; c++)
                {
                    var cell = row[c].ToString();
                    cells[c] = cell.Length == 0 ? null : cell;
                }

                rows.Add(cells);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            throw new ReportException($"not a readable CSV: {ex.Message}", ex);
        }

        return new ReportTable(null, rows);
    }
}

internal static class XlsxReportReader
{
    private static readonly OpenXmlConfiguration Configuration = new() { FillMergedCells = true };

    /// <summary>Reads one sheet; cells covered by a merge carry the merged cell's value.</summary>
    public static ReportTable Read(byte[] content, string? sheetName, int? sheetIndex)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var sheets = MiniExcel.GetSheetNames(stream);
            var sheet = sheetName is not null
                ? sheets.FirstOrDefault(s => HeaderText.Key(s) == HeaderText.Key(sheetName))
                : sheets.ElementAtOrDefault((sheetIndex ?? 1) - 1);
            if (sheet is null)
            {
                var wanted = sheetName is null ? $"no sheet {sheetIndex}" : $"no sheet '{sheetName}'";
                throw new ReportException($"{wanted} in the workbook (sheets: {string.Join(", ", sheets.Select(s => $"'{s}'"))})");
            }

            stream.Position = 0;
            var rows = new List<IReadOnlyList<object?>>();
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, startCell: "A1", configuration: Configuration))
            {
                rows.Add([.. row.Values.Select(v => v is string { Length: 0 } ? null : v)]);
            }

            return new ReportTable(sheet, rows);
        }
        catch (Exception ex) when (ex is not ReportException and not OperationCanceledException and not OutOfMemoryException)
        {
            // Whatever a damaged package makes the library throw, it is this file's fault, not the run's.
            throw new ReportException($"not a readable XLSX workbook: {ex.Message}", ex);
        }
    }
}
