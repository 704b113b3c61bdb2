using System.Text.Json;

namespace Ioc.Collectors.File;

/// <summary>The <c>spec</c> of a <c>file</c> definition, as written; <see cref="FileCollectorKind"/> checks it.</summary>
internal sealed class FileCollectorOptions
{
    /// <summary>Absolute path of the watched folder; <c>done/</c>, <c>failed/</c> and <c>.imported</c> live in it.</summary>
    public string? Folder { get; set; }

    /// <summary>File-name glob (<c>*</c>, <c>?</c>), case-insensitive; default <c>*</c>.</summary>
    public string? Pattern { get; set; }

    /// <summary><c>csv</c> or <c>xlsx</c>; default from each file's extension.</summary>
    public string? Format { get; set; }

    /// <summary>XLSX: the sheet's name (text) or 1-based position (number); default the first sheet.</summary>
    public JsonElement? Sheet { get; set; }

    /// <summary>1-based row of the column headers; default the first row that holds every configured header.</summary>
    public int? HeaderRow { get; set; }

    /// <summary>CSV: the separator; default whichever of <c>; , tab |</c> yields the configured headers.</summary>
    public string? Delimiter { get; set; }

    /// <summary>Decimal separator of numbers written as text: <c>.</c> (default) or <c>,</c>.</summary>
    public string? Decimal { get; set; }

    /// <summary>.NET date format of the time column, e.g. <c>dd/MM/yyyy</c>; default ISO 8601.</summary>
    public string? DateFormat { get; set; }

    public string? Measurement { get; set; }

    /// <summary>Header of the column holding each row's time; without it points carry the run's slot.</summary>
    public string? Time { get; set; }

    /// <summary>Column header to tag key.</summary>
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>Column header to field name; the cells must be numbers.</summary>
    public Dictionary<string, string>? Fields { get; set; }

    /// <summary>Rows whose tag cell holds one of these (compared like headers) are skipped: <c>Tổng cộng</c>, <c>Toàn tỉnh</c>.</summary>
    public List<string>? SkipRows { get; set; }

    /// <summary>A file changed more recently than this is left for a later run (it may still be arriving); default 10s.</summary>
    public string? Settle { get; set; }
}
