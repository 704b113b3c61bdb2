using System.Data;
using Ioc.Collectors.Sql;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>Rows to points, over an in-memory result; the same code reads every provider's reader.</summary>
public sealed class SqlPointMappingTests
{
    private const string Where = "postgresql Host=db";
    private static readonly long Slot = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 6, 2, 17, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task NumbersOfEveryType_AreFields_AndTagsAreTextAsWritten()
    {
        var table = Table(("unit_code", typeof(string)), ("level", typeof(int)), ("a", typeof(long)), ("b", typeof(decimal)), ("c", typeof(float)), ("d", typeof(bool)), ("e", typeof(ulong)));
        table.Rows.Add(" Xã Thạch Kênh ", 3, 131L, 91.6m, 0.5f, true, 7UL);

        var rows = await ReadAsync(table, tags: ["unit_code", "level"], fields: ["a", "b", "c", "d", "e"]);

        var point = Assert.Single(rows.Points);
        Assert.Equal([new Tag("level", "3"), new Tag("unit_code", "Xã Thạch Kênh")], point.Tags.ToArray());
        Assert.Equal([131, 91.6, 0.5, 1, 7], point.Fields.Select(f => f.Value));
        Assert.Equal(Slot, point.Timestamp);
    }

    [Fact]
    public async Task TimeColumn_TakesDatesAndTimes_WithoutZoneAsUtc()
    {
        var table = Table(("n", typeof(int)), ("at", typeof(object)), ("v", typeof(int)));
        table.Rows.Add(1, new DateTime(2025, 6, 1, 8, 0, 0, DateTimeKind.Unspecified), 1);
        table.Rows.Add(2, new DateTimeOffset(2025, 6, 1, 15, 0, 0, TimeSpan.FromHours(7)), 2);
        table.Rows.Add(3, new DateOnly(2025, 6, 1), 3);

        var rows = await ReadAsync(table, tags: ["n"], fields: ["v"], time: "at");

        Assert.Equal(
            [new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)],
            rows.Points.Select(p => UnixTime.FromNanoseconds(p.Timestamp)));
    }

    [Fact]
    public async Task Columns_AreFoundIgnoringCase_WhenTheNameIsNotExact()
    {
        var table = Table(("unitcode", typeof(string)), ("Received", typeof(int)));
        table.Rows.Add("H42", 1);

        var rows = await ReadAsync(table, tags: ["UnitCode"], fields: ["received"]);

        Assert.Equal("m,UnitCode=H42 received=1", Assert.Single(rows.Points).ToString()[..^(" " + Slot).Length]);
    }

    [Fact]
    public async Task NullFields_AreCountedByColumn_InTheOrderOfTheSpec()
    {
        var table = Table(("u", typeof(string)), ("a", typeof(int)), ("b", typeof(int)));
        table.Rows.Add("x", DBNull.Value, 1);
        table.Rows.Add("y", DBNull.Value, DBNull.Value);

        var rows = await ReadAsync(table, tags: ["u"], fields: ["b", "a"]);

        Assert.Equal("x", Assert.Single(rows.Points).Tags[0].Value);
        Assert.Equal([KeyValuePair.Create("b", 1), KeyValuePair.Create("a", 2)], rows.NullsByColumn);
        Assert.Equal((3, 1), (rows.Nulls, rows.RowsWithoutValues));
    }

    [Theory]
    [InlineData(typeof(string), "n/a", "row 2, column 'v': text 'n/a' is not a number")]
    [InlineData(typeof(double), double.NaN, "row 2, column 'v': NaN is not a finite number")]
    [InlineData(typeof(TimeSpan), "01:00:00", "row 2, column 'v': TimeSpan 01:00:00 is not a number")]
    public async Task NonNumericField_FailsTheRun_NamingRowAndColumn(Type type, object value, string error)
    {
        var table = Table(("u", typeof(string)), ("v", type));
        table.Rows.Add("a", DBNull.Value);
        table.Rows.Add("b", type == typeof(TimeSpan) ? TimeSpan.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var ex = await Assert.ThrowsAsync<CollectorException>(() => ReadAsync(table, tags: ["u"], fields: ["v"]));

        Assert.Equal($"{Where}: {error}", ex.Message);
    }

    [Theory]
    [InlineData(null, "row 1, column 'u': NULL, and tag 'u' needs a value; COALESCE it in the query")]
    [InlineData("  ", "row 1, column 'u': empty, and tag 'u' needs a value")]
    public async Task MissingTagValue_FailsTheRun(string? value, string error)
    {
        var table = Table(("u", typeof(string)), ("v", typeof(int)));
        table.Rows.Add((object?)value ?? DBNull.Value, 1);

        var ex = await Assert.ThrowsAsync<CollectorException>(() => ReadAsync(table, tags: ["u"], fields: ["v"]));

        Assert.Equal($"{Where}: {error}", ex.Message);
    }

    [Fact]
    public async Task TwoRowsThatWouldBeOnePoint_FailTheRun_NamingBoth()
    {
        var table = Table(("u", typeof(string)), ("v", typeof(int)));
        table.Rows.Add("a", 1);
        table.Rows.Add("b", 2);
        table.Rows.Add("a", 3);

        var ex = await Assert.ThrowsAsync<CollectorException>(() => ReadAsync(table, tags: ["u"], fields: ["v"]));

        Assert.Equal($"{Where}: rows 1 and 3 are the same point (m,u=a at 2025-06-02T17:00:00Z), so one would overwrite the other; add a tag column that tells them apart, or a time column", ex.Message);
    }

    [Fact]
    public async Task MissingColumn_FailsTheRun_ListingTheResultsColumns()
    {
        var table = Table(("unit_code", typeof(string)), ("received", typeof(int)));

        var ex = await Assert.ThrowsAsync<CollectorException>(() => ReadAsync(table, tags: ["unit"], fields: ["received"]));

        Assert.Equal($"{Where}: column 'unit' (spec.tags) is not in the result; it has 'unit_code', 'received'", ex.Message);
    }

    [Fact]
    public async Task MoreRowsThanMaxRows_FailTheRun()
    {
        var table = Table(("u", typeof(int)), ("v", typeof(int)));
        for (var i = 0; i < 4; i++)
        {
            table.Rows.Add(i, i);
        }

        var ex = await Assert.ThrowsAsync<CollectorException>(() => ReadAsync(table, tags: ["u"], fields: ["v"], maxRows: 3));

        Assert.Equal($"{Where}: the result has more than 3 rows (spec.maxRows); narrow the query or raise maxRows", ex.Message);
    }

    private static DataTable Table(params (string Name, Type Type)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type) in columns)
        {
            table.Columns.Add(name, type);
        }

        return table;
    }

    private static async Task<SqlRows> ReadAsync(DataTable table, string[] tags, string[] fields, string? time = null, int maxRows = 100)
    {
        var mapping = new SqlPointMapping("m", time, [.. tags.Select(t => new SqlColumnRule(t, t))], [.. fields.Select(f => new SqlColumnRule(f, f))], maxRows);
        using var reader = table.CreateDataReader();
        return await mapping.ReadAsync(reader, Slot, Where, CancellationToken.None);
    }
}
