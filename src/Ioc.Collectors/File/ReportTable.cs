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
