using System.IO.Compression;
using System.Security;
using System.Text;

namespace Ioc.Collectors.Tests.File;

/// <summary>
/// Writes a minimal OpenXML workbook by hand, so tests control every cell, merge and sheet exactly as an
/// agency's spreadsheet program would leave them. Cells are given per row as text (inline strings) or numbers.
/// </summary>
internal static class XlsxPackage
{
    internal sealed record Sheet(string Name, IReadOnlyList<IReadOnlyList<object?>> Rows, IReadOnlyList<string>? Merges = null);

    public static void Write(string path, params Sheet[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Add(zip, "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + string.Concat(sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
            + "</Types>");
        Add(zip, "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "</Relationships>");
        Add(zip, "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>"))
            + "</sheets></workbook>");
        Add(zip, "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + "</Relationships>");
        for (var i = 0; i < sheets.Length; i++)
        {
            Add(zip, $"xl/worksheets/sheet{i + 1}.xml", SheetXml(sheets[i]));
        }
    }

    private static string SheetXml(Sheet sheet)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < sheet.Rows[r].Count; c++)
            {
                var at = $"{(char)('A' + c)}{r + 1}";
                switch (sheet.Rows[r][c])
                {
                    case null:
                        // Spreadsheet programs keep the covered cells of a merge as empty, styled cells.
                        xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<c r=\"{at}\"/>");
                        break;
                    case string text:
                        xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<c r=\"{at}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>");
                        break;
                    case IFormattable number:
                        xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<c r=\"{at}\"><v>{number.ToString(null, System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    default:
                        throw new ArgumentException($"cell {at}: only text and numbers");
                }
            }

            xml.Append("</row>");
        }

        xml.Append("</sheetData>");
        if (sheet.Merges is { Count: > 0 } merges)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<mergeCells count=\"{merges.Count}\">");
            foreach (var merge in merges)
            {
                xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<mergeCell ref=\"{merge}\"/>");
            }

            xml.Append("</mergeCells>");
        }

        return xml.Append("</worksheet>").ToString();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name).Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }
}
