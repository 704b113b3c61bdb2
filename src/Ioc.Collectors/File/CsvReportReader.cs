using System.Text;
using nietras.SeparatedValues;

namespace Ioc.Collectors.File;

/// <summary>Reads CSV text into a <see cref="ReportTable"/> under one separator; the mapper tries them in turn.</summary>
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
