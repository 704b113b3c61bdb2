using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Metrics;

public class LineProtocolFormatterTests
{
    private const long Timestamp = 1_748_692_800_000_000_000;

    private static readonly MetricValidator Validator = new(new FixedClock(), TimeSpan.FromDays(1));

    private static MetricPoint Point(string measurement, string tagKey, string tagValue, string field, double value = 1) =>
        new(measurement, [new Tag(tagKey, tagValue)], [new Field(field, value)], Timestamp);

    private static void AssertSamePoint(MetricPoint expected, MetricPoint actual)
    {
        Assert.Equal(expected.Measurement, actual.Measurement);
        Assert.Equal<Tag>(expected.Tags, actual.Tags);
        Assert.Equal<Field>(expected.Fields, actual.Fields);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Series, actual.Series);
    }

    private static MetricPoint Reparse(MetricPoint point, Precision precision = Precision.Nanoseconds) =>
        LineProtocolParser.ParseLine(LineProtocolFormatter.Format(point, precision), precision, 0);

    [Fact]
    public void Format_WritesSortedTagsAndFields_AndTimestamp()
    {
        var point = new MetricPoint("m", [new Tag("b", "2"), new Tag("a", "1")], [new Field("y", 2.5), new Field("x", -1)], 42);

        Assert.Equal("m,a=1,b=2 x=-1,y=2.5 42", LineProtocolFormatter.Format(point));
    }

    [Fact]
    public void Format_EscapesCommaAndSpace_ButNotEquals_InMeasurement()
    {
        var point = new MetricPoint("a,b c=d", [], [new Field("f", 1)], 7);

        Assert.Equal(@"a\,b\ c=d f=1 7", LineProtocolFormatter.Format(point));
    }

    [Fact]
    public void Format_EscapesCommaEqualsAndSpace_InTagsAndFieldKeys()
    {
        var point = Point("m", "k=1,2 3", "v=1,2 3", "f=1,2 3");

        Assert.Equal(@"m,k\=1\,2\ 3=v\=1\,2\ 3 f\=1\,2\ 3=1 1748692800000000000", LineProtocolFormatter.Format(point));
    }

    [Fact]
    public void Format_LeavesQuotesBackslashesAndUnicodeAsTheyAre()
    {
        var point = Point("\"q\"", "phường", @"Hà\Tập", "🍭");

        Assert.Equal(@"""q"",phường=Hà\Tập 🍭=1 1748692800000000000", LineProtocolFormatter.Format(point));
    }

    [Theory]
    [InlineData(Precision.Nanoseconds, "1748692800123456789")]
    [InlineData(Precision.Microseconds, "1748692800123456")]
    [InlineData(Precision.Milliseconds, "1748692800123")]
    [InlineData(Precision.Seconds, "1748692800")]
    public void Format_WritesTimestampInThePrecisionAsked(Precision precision, string expected)
    {
        var point = new MetricPoint("m", [], [new Field("f", 1)], 1_748_692_800_123_456_789);

        Assert.EndsWith($" {expected}", LineProtocolFormatter.Format(point, precision), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-0.000001)]
    [InlineData(1e21)]
    [InlineData(1e-300)]
    [InlineData(123456789.123456789)]
    [InlineData(double.MaxValue)]
    [InlineData(double.MinValue)]
    [InlineData(double.Epsilon)]
    [InlineData(-42)]
    public void Format_WritesFloats_ThatParseBackExactly(double value)
    {
        var point = new MetricPoint("m", [], [new Field("f", value)], Timestamp);

        Assert.Equal(value, Assert.Single(Reparse(point).Fields).Value);
    }

    public static TheoryData<string, string, string, string> TrickyNames => new()
    {
        { "hồ_sơ", "phường", "Phường Hà Huy Tập", "đã_xử_lý" },
        { "with space", "key with space", "value with space", "field with space" },
        { "with,comma", "key,comma", "value,comma", "field,comma" },
        { "with=equals", "key=equals", "value=equals", "field=equals" },
        { "\"quoted\"", "\"key\"", "say \"hi\"", "\"f\"" },
        { "measurement with quo⚡es and emoji", "tag key with sp🚀ces", "tag,value,with\"commas\"", "field_k\\ey" },
        { @"back\slash", @"k\ey", @"a\ b", @"f\,g" },
        { @"a\\,b", @"k\\=x", @"v\\\ w", @"f\=\ \," },
        { "m#hash", "#k", "#v", "#f" },
        { "a=b,c d", "a=b,c d", "a=b,c d", "a=b,c d" },
    };

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void Format_RoundTripsThroughParse_ForTrickyNames(string measurement, string tagKey, string tagValue, string field)
    {
        var point = Point(measurement, tagKey, tagValue, field, 12.5);
        Assert.Null(Validator.Validate(point));

        AssertSamePoint(point, Reparse(point));
    }

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void SeriesText_RoundTripsThroughParseSeries_ForTrickyNames(string measurement, string tagKey, string tagValue, string field)
    {
        var series = Point(measurement, tagKey, tagValue, field).Series;

        var (parsedMeasurement, parsedTags) = LineProtocolParser.ParseSeries(series.Text);

        Assert.Equal(measurement, parsedMeasurement);
        Assert.Equal<Tag>([new Tag(tagKey, tagValue)], parsedTags);
    }

    [Theory]
    [InlineData(@"dvc,phường=Phường\ Hà\ Huy\ Tập,đơn_vị=UBND đã_xử_lý=12i,tỷ_lệ=81.17 1748692800000000000")]
    [InlineData(@"""measurement\ with\ quo⚡es\ and\ emoji"",tag\ key\ with\ sp🚀ces=tag\,value\,with""commas"" field_k\ey=1i 1748692800000000000")]
    [InlineData(@"wea\,ther,location=us\,midwest,loc\ ation=a\=b temp\=rature=82,ok=true,n=5u 1748692800000000000")]
    [InlineData(@"my\measurement,tag=a\b,t\ag=x f\ield=-1.5e-3 1748692800000000000")]
    [InlineData(@"m\=x,k=v\\\ w f=1 1748692800000000000")]
    [InlineData("m f=1")]
    public void Format_OfParse_ReparsesToAnEqualPoint(string line)
    {
        var parsed = LineProtocolParser.ParseLine(line, Precision.Nanoseconds, Timestamp);

        AssertSamePoint(parsed, Reparse(parsed));
    }

    [Fact]
    public void Format_OfParse_ReparsesToAnEqualPoint_InSeconds()
    {
        var parsed = LineProtocolParser.ParseLine(@"m,ph=Phường\ Hà\ Huy\ Tập f=1 1748692800", Precision.Seconds, 0);

        var text = LineProtocolFormatter.Format(parsed, Precision.Seconds);

        Assert.EndsWith(" 1748692800", text, StringComparison.Ordinal);
        AssertSamePoint(parsed, LineProtocolParser.ParseLine(text, Precision.Seconds, 0));
    }

    [Fact]
    public void ToString_IsTheLineProtocolLine()
    {
        var point = Point("m", "k", "v", "f");

        Assert.Equal(LineProtocolFormatter.Format(point), point.ToString());
    }
}
