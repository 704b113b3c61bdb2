using System.Text.Json;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.File;

/// <summary>
/// <c>kind: file</c>: imports CSV and XLSX reports dropped in a watched folder. Every problem of a spec is reported
/// at once, each as <c>file: spec.field: what is wrong</c>.
/// </summary>
internal sealed class FileCollectorKind : ICollectorKind
{
    public const string KindName = "file";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly SpecHelp Help = new(
        "folder, pattern, format, sheet, headerRow, delimiter, decimal, dateFormat, measurement, time, tags, fields, skipRows, settle",
        "headerRow is a whole number, sheet a name or a number, tags and fields map headers to names, skipRows is a list of texts, the rest is text");

    private readonly ILoggerFactory _logging;

    public FileCollectorKind(ILoggerFactory logging) => _logging = logging;

    public string Name => KindName;

    public ICollector Create(CollectorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var source = definition.Source;
        var options = SpecBinding.Bind<FileCollectorOptions>(definition, SpecJson, Help);

        var problems = new List<string>();
        void Problem(string field, string text) => problems.Add($"{source}: spec.{field}: {text}");

        if (string.IsNullOrWhiteSpace(options.Folder) || !Path.IsPathFullyQualified(options.Folder))
        {
            Problem("folder", $"'{options.Folder}' must be an absolute folder path (${{NAME}} variables allowed)");
        }

        var pattern = options.Pattern ?? "*";
        if (pattern.Trim().Length == 0 || pattern.IndexOfAny(['/', '\\']) >= 0 || pattern.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            Problem("pattern", $"'{pattern}' must be a file-name glob such as *.xlsx, without folders");
        }

        ReportFormat? format = options.Format switch
        {
            null => null,
            "csv" => ReportFormat.Csv,
            "xlsx" => ReportFormat.Xlsx,
            _ => null,
        };
        if (options.Format is not null && format is null)
        {
            Problem("format", $"'{options.Format}' must be csv or xlsx (default: each file's extension)");
        }

        string? sheetName = null;
        int? sheetIndex = null;
        switch (options.Sheet)
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.String } name when !string.IsNullOrWhiteSpace(name.GetString()):
                sheetName = name.GetString();
                break;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var index) && index >= 1:
                sheetIndex = index;
                break;
            default:
                Problem("sheet", $"'{options.Sheet}' must be a sheet's name or its position from 1");
                break;
        }

        if (options.Sheet is not null && format == ReportFormat.Csv)
        {
            Problem("sheet", "only meaningful for xlsx");
        }

        if (options.HeaderRow is < 1)
        {
            Problem("headerRow", $"{options.HeaderRow} must be a row number from 1; leave it out to find the header by its columns");
        }

        char? delimiter = options.Delimiter switch
        {
            null => null,
            ";" or "," or "|" => options.Delimiter[0],
            "\t" or "tab" => '\t',
            _ => null,
        };
        if (options.Delimiter is not null && delimiter is null)
        {
            Problem("delimiter", $"'{options.Delimiter}' must be one of ; , | tab (default: detected)");
        }

        if (options.Decimal is not (null or "." or ","))
        {
            Problem("decimal", $"'{options.Decimal}' must be '.' or ','");
        }

        if (options.DateFormat is not null && !DateFormatWorks(options.DateFormat))
        {
            Problem("dateFormat", $"'{options.DateFormat}' is not a .NET date format such as dd/MM/yyyy");
        }

        if (string.IsNullOrWhiteSpace(options.Measurement) || options.Measurement != options.Measurement.Trim() || options.Measurement.StartsWith('#'))
        {
            Problem("measurement", $"'{options.Measurement}' is required and must not start with '#' or carry leading or trailing spaces");
        }

        var settle = TimeSpan.FromSeconds(10);
        if (options.Settle is not null && !DurationText.TryParse(options.Settle, out settle))
        {
            Problem("settle", $"'{options.Settle}' must be a duration such as 10s or 1m");
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = Columns("tags", options.Tags, seen, problems, source);
        var fields = Columns("fields", options.Fields, seen, problems, source);
        if (options.Fields is not { Count: > 0 })
        {
            Problem("fields", "at least one column header: field name is required");
        }

        ReportColumn? time = null;
        if (options.Time is not null)
        {
            time = string.IsNullOrWhiteSpace(options.Time) ? null : new ReportColumn(options.Time, "time");
            if (time is null || !seen.TryAdd(time.Key, "time"))
            {
                Problem("time", $"'{options.Time}' must be a column header not used by tags or fields");
            }
        }

        var skipRows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in options.SkipRows ?? [])
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                Problem("skipRows", "holds a blank entry; list the tag texts of rows to skip, such as Tổng cộng");
                continue;
            }

            skipRows.Add(HeaderText.Key(text));
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        var layout = new ReportLayout(format, sheetName, sheetIndex, options.HeaderRow, delimiter, ReportLayout.NumbersWith(options.Decimal is "," ? ',' : '.'),
            options.DateFormat, options.Measurement!, time, tags, fields, skipRows);
        return new FileCollector(options.Folder!, pattern, settle, layout, TimeProvider.System, _logging.CreateLogger<FileCollector>());
    }

    private static List<ReportColumn> Columns(string part, Dictionary<string, string>? map, Dictionary<string, string> seen, List<string> problems, string source)
    {
        var columns = new List<ReportColumn>();
        foreach (var (header, name) in map ?? [])
        {
            var where = $"{source}: spec.{part}.{header}";
            if (string.IsNullOrWhiteSpace(name) || name != name.Trim() || name == "time" || name.StartsWith('_'))
            {
                problems.Add($"{where}: '{name}' cannot be a {(part == "tags" ? "tag key" : "field name")} ('time', names starting with '_' and blank names are reserved)");
                continue;
            }

            var column = new ReportColumn(header, name);
            if (column.Key.Length == 0 || !seen.TryAdd(column.Key, $"{part}.{header}"))
            {
                problems.Add($"{where}: the header is blank or already used by spec.{seen.GetValueOrDefault(column.Key)} (headers compare trimmed and case-insensitively)");
                continue;
            }

            if (columns.Any(c => c.Name == name))
            {
                problems.Add($"{where}: '{name}' is given to two columns");
                continue;
            }

            columns.Add(column);
        }

        return columns;
    }

    private static bool DateFormatWorks(string format)
    {
        try
        {
            var sample = new DateTime(2024, 10, 31, 0, 0, 0, DateTimeKind.Utc).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(sample, format, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
