using Ioc.Core.Metrics;
using static Ioc.Core.Tests.Metrics.Lines;

namespace Ioc.Core.Tests.Metrics;

// Bodies, lines, timestamps and the reasons a line is refused; escaping and field values have their own classes.
public class LineProtocolParserTests
{
    [Fact]
    public void Parse_ReadsMeasurementTagsFieldsAndTimestamp()
    {
        var point = Single("dvc_records,unit=HT,province=HaTinh online_rate=81.17,received=1520i 1748692800000000001");

        Assert.Equal("dvc_records", point.Measurement);
        Assert.Equal<Tag>([new Tag("province", "HaTinh"), new Tag("unit", "HT")], point.Tags);
        Assert.Equal<Field>([new Field("online_rate", 81.17), new Field("received", 1520)], point.Fields);
        Assert.Equal(1_748_692_800_000_000_001, point.Timestamp);
    }

    [Fact]
    public void Parse_UsesDefaultTimestamp_WhenLineHasNone()
    {
        Assert.Equal(DefaultTimestamp, Single("m f=1").Timestamp);
    }

    [Fact]
    public void Parse_ToleratesTrailingSpaces_AfterFieldsAndTimestamp()
    {
        Assert.Equal(DefaultTimestamp, Single("m f=1   ").Timestamp);
        Assert.Equal(DefaultTimestamp + 5, Single($"m f=1 {DefaultTimestamp + 5}  ").Timestamp);
    }

    [Fact]
    public void Parse_AcceptsPointWithoutTags()
    {
        var point = Single("m f=1");

        Assert.Empty(point.Tags);
        Assert.Equal<Field>([new Field("f", 1)], point.Fields);
    }

    [Theory]
    [InlineData(Precision.Nanoseconds, "1748692800123456789", 1_748_692_800_123_456_789)]
    [InlineData(Precision.Microseconds, "1748692800123456", 1_748_692_800_123_456_000)]
    [InlineData(Precision.Milliseconds, "1748692800123", 1_748_692_800_123_000_000)]
    [InlineData(Precision.Seconds, "1748692800", 1_748_692_800_000_000_000)]
    public void Parse_MultipliesTimestampByPrecision(Precision precision, string raw, long expected)
    {
        Assert.Equal(expected, Single($"m f=1 {raw}", precision).Timestamp);
    }

    [Theory]
    [InlineData(Precision.Seconds, "9223372037")]
    [InlineData(Precision.Milliseconds, "9223372036855")]
    [InlineData(Precision.Microseconds, "9223372036854776")]
    [InlineData(Precision.Seconds, "-9223372037")]
    public void ParseLine_RefusesTimestamp_ThatOverflowsAtItsPrecision(Precision precision, string raw)
    {
        var ex = Assert.Throws<FormatException>(() => LineProtocolParser.ParseLine($"m f=1 {raw}", precision, DefaultTimestamp));

        Assert.Contains($"timestamp '{raw}' is out of range for precision {precision.ToParameter()}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLine_AcceptsLargestTimestamp_ThatFitsAtItsPrecision()
    {
        var point = LineProtocolParser.ParseLine("m f=1 9223372036", Precision.Seconds, DefaultTimestamp);

        Assert.Equal(9_223_372_036_000_000_000, point.Timestamp);
    }

    [Fact]
    public void ParseLine_AcceptsNegativeTimestamp_LeavingLimitsToTheValidator()
    {
        Assert.Equal(-5_000_000_000, LineProtocolParser.ParseLine("m f=1 -5", Precision.Seconds, DefaultTimestamp).Timestamp);
    }

    [Theory]
    [InlineData("m f=1 abc", "invalid timestamp 'abc'")]
    [InlineData("m f=1 1.5", "invalid timestamp '1.5'")]
    [InlineData("m f=1 123 456", "invalid timestamp '123 456'")]
    [InlineData("m f=1 99999999999999999999", "invalid timestamp")]
    public void Parse_RefusesMalformedTimestamp(string line, string expected)
    {
        var reason = ErrorOf(line);

        Assert.Contains(expected, reason, StringComparison.Ordinal);
        Assert.Contains("ns", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesTimestampInWrongPrecision_ThroughTheValidator()
    {
        // Seconds sent with the default nanosecond precision land in 1970.
        Assert.Contains("check the precision parameter", ErrorOf("m f=1 1748692800"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SkipsCommentsAndBlankLines()
    {
        var batch = Parse("# header comment\n\n   \nm f=1\n  # indented comment\nm f=2\n");

        Assert.True(batch.IsValid);
        Assert.Equal(2, batch.Points.Count);
    }

    [Fact]
    public void Parse_ReadsEmptyBody_AsNoPoints()
    {
        var batch = Parse("");

        Assert.True(batch.IsValid);
        Assert.Empty(batch.Points);
    }

    [Fact]
    public void Parse_ToleratesCrLf()
    {
        var batch = Parse("m f=1 1748692800000000000\r\n# c\r\n\r\nm,t=v f=2\r\n");

        Assert.True(batch.IsValid, string.Join("; ", batch.Errors));
        Assert.Equal(1_748_692_800_000_000_000, batch.Points[0].Timestamp);
        Assert.Equal<Tag>([new Tag("t", "v")], batch.Points[1].Tags);
    }

    [Fact]
    public void Parse_NumbersErrorsByLineOfTheBody_CountingCommentsAndBlankLines()
    {
        var batch = Parse("# comment\r\n\r\nm f=1\r\nm f=oops\r\n\r\nm\r\n");

        Assert.Equal([4, 6], batch.Errors.Select(e => e.Line));
        Assert.Equal("line 4: field 'f' has an invalid value 'oops'", batch.Errors[0].ToString());
    }

    [Fact]
    public void Parse_RejectsWholeBatch_WhenOneLineIsInvalid()
    {
        var batch = Parse("m f=1\nm f=2\nm f=\nm f=4");

        Assert.False(batch.IsValid);
        Assert.Equal(1, batch.ErrorCount);
        Assert.Equal(3, Assert.Single(batch.Errors).Line);
    }

    [Fact]
    public void Parse_ReportsAtMostMaxReportedErrors_ButCountsThemAll()
    {
        var body = string.Join('\n', Enumerable.Range(0, LineProtocolParser.MaxReportedErrors + 5).Select(_ => "bad"));

        var batch = Parse(body);

        Assert.Equal(LineProtocolParser.MaxReportedErrors + 5, batch.ErrorCount);
        Assert.Equal(LineProtocolParser.MaxReportedErrors, batch.Errors.Count);
        Assert.Equal(Enumerable.Range(1, LineProtocolParser.MaxReportedErrors), batch.Errors.Select(e => e.Line));
    }

    [Theory]
    [InlineData(",t=v f=1", "missing measurement")]
    [InlineData(" ,t=v f=1", "missing measurement")]
    [InlineData("m", "missing fields after 'm'")]
    [InlineData("m,t=v", "missing fields after 'm'")]
    [InlineData("m,t f=1", "tag 't' has no value")]
    [InlineData("m,=v f=1", "empty tag key")]
    [InlineData("m, f=1", "empty tag key")]
    [InlineData("m =1", "empty field key")]
    [InlineData("m f=1,", "empty field key")]
    [InlineData("m f 1", "field 'f' has no value")]
    [InlineData("m f", "field 'f' has no value")]
    [InlineData("m f=", "field 'f' has an empty value")]
    [InlineData("m f=,g=1", "field 'f' has an empty value")]
    [InlineData("m f= 1", "field 'f' has an empty value")]
    [InlineData("m,t= f=1", "tag 't' has an empty value")]
    [InlineData("m,a=1,a=2 f=1", "tag 'a' appears twice")]
    [InlineData("m f=1,f=2", "field 'f' appears twice")]
    [InlineData("m,time=1 f=1", "tag key 'time' is reserved")]
    [InlineData("m _f=1", "field key '_f' is reserved")]
    public void Parse_NamesThePartAtFault(string line, string expected)
    {
        Assert.Contains(expected, ErrorOf(line), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NamesTheTag_WhenTagValueHasUnescapedEquals()
    {
        // InfluxDB refuses an unescaped '=' in a tag value; the reason must point at the tag, not at the fields.
        Assert.Contains("tag 't' value has an unescaped '='", ErrorOf("m,t=a=b f=1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("n")]
    [InlineData("ns")]
    [InlineData("u")]
    [InlineData("us")]
    [InlineData("ms")]
    [InlineData("s")]
    public void Parse_AcceptsEveryPrecisionName_OfInfluxDb1And2(string name)
    {
        Assert.True(PrecisionExtensions.TryParse(name, out var precision));

        var point = Single($"m f=1 {DefaultTimestamp / precision.NanosecondsPerUnit()}", precision);

        Assert.Equal(DefaultTimestamp, point.Timestamp);
    }
}
