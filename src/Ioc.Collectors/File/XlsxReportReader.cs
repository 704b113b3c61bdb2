using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Ioc.Collectors.File;

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
