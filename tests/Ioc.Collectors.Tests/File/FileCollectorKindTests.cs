using Ioc.Collectors.File;
using Ioc.Core.Collecting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ioc.Collectors.Tests.File;

public sealed class FileCollectorKindTests
{
    private static DefinitionException Refused(string spec)
    {
        var yaml = $"apiVersion: ioc/v1\nid: reports\nkind: file\nschedule: \"*/10 * * * *\"\nspec:\n{string.Join("\n", spec.Trim('\n').Split('\n').Select(l => "  " + l))}\n";
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string>(), "collectors/reports.yaml");
        return Assert.Throws<DefinitionException>(() => new FileCollectorKind(NullLoggerFactory.Instance).Create(definition));
    }

    [Fact]
    public void Create_NamesEveryProblemOfASpec_WithFileAndField()
    {
        var ex = Refused("""
            folder: inbox/reports
            pattern: ../*.csv
            format: xls
            sheet: 0
            headerRow: 0
            delimiter: ":"
            decimal: ";"
            settle: soon
            tags: { Đơn vị: district, " ĐƠN VỊ ": unit }
            fields: { Tỷ lệ (%): time }
            """);

        Assert.Equal(
            [
                "collectors/reports.yaml: spec.folder: 'inbox/reports' must be an absolute folder path (${NAME} variables allowed)",
                "collectors/reports.yaml: spec.pattern: '../*.csv' must be a file-name glob such as *.xlsx, without folders",
                "collectors/reports.yaml: spec.format: 'xls' must be csv or xlsx (default: each file's extension)",
                "collectors/reports.yaml: spec.sheet: '0' must be a sheet's name or its position from 1",
                "collectors/reports.yaml: spec.headerRow: 0 must be a row number from 1; leave it out to find the header by its columns",
                "collectors/reports.yaml: spec.delimiter: ':' must be one of ; , | tab (default: detected)",
                "collectors/reports.yaml: spec.decimal: ';' must be '.' or ','",
                "collectors/reports.yaml: spec.measurement: '' is required and must not start with '#' or carry leading or trailing spaces",
                "collectors/reports.yaml: spec.settle: 'soon' must be a duration such as 10s or 1m",
                "collectors/reports.yaml: spec.tags. ĐƠN VỊ : the header is blank or already used by spec.tags.Đơn vị (headers compare trimmed and case-insensitively)",
                "collectors/reports.yaml: spec.fields.Tỷ lệ (%): 'time' cannot be a field name ('time', names starting with '_' and blank names are reserved)",
            ],
            ex.Problems);
    }

    [Fact]
    public void Create_RequiresAtLeastOneField()
    {
        var ex = Refused("folder: /srv/inbox\nmeasurement: dvc\ntags: { Đơn vị: district }");

        Assert.Equal("collectors/reports.yaml: spec.fields: at least one column header: field name is required", ex.Message);
    }

    [Fact]
    public void Create_RefusesAnUnknownField()
    {
        var ex = Refused("folder: /srv/inbox\nmeasurement: dvc\nfields: { A: a }\nsheets: 2");

        Assert.Equal("collectors/reports.yaml: spec.sheets: unknown field (spec knows folder, pattern, format, sheet, headerRow, delimiter, decimal, dateFormat, measurement, time, tags, fields, skipRows, settle)", ex.Message);
    }

    [Fact]
    public void Create_RefusesASheetForCsv_AndABadDateFormat()
    {
        var ex = Refused("folder: /srv/inbox\nformat: csv\nsheet: Báo cáo\ndateFormat: \"%\"\nmeasurement: dvc\nfields: { A: a }");

        Assert.Equal(
            [
                "collectors/reports.yaml: spec.sheet: only meaningful for xlsx",
                "collectors/reports.yaml: spec.dateFormat: '%' is not a .NET date format such as dd/MM/yyyy",
            ],
            ex.Problems);
    }
}
