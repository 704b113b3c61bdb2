using Ioc.Core.Metrics;
using static Ioc.Core.Tests.Metrics.Lines;

namespace Ioc.Core.Tests.Metrics;

// Escaping as InfluxDB 1.x reads it: measurement escapes comma and space; tag keys, tag values and field keys
// escape comma, equals and space; a backslash before any other character is literal.
public class LineProtocolEscapingTests
{
    [Theory]
    [InlineData(@"wea\,ther,location=us-midwest temperature=82", "wea,ther")]
    [InlineData(@"wea\ ther,location=us-midwest temperature=82", "wea ther")]
    [InlineData(@"m\=easurement f=1", @"m\=easurement")]
    [InlineData(@"m=easurement f=1", "m=easurement")]
    [InlineData(@"my\\measurement f=1", @"my\\measurement")]
    [InlineData(@"my\measurement f=1", @"my\measurement")]
    [InlineData(@"""quoted"" f=1", @"""quoted""")]
    [InlineData(@"a\\\,b f=1", @"a\\,b")]
    public void Parse_UnescapesMeasurement_AsInfluxDb1Does(string line, string measurement)
    {
        Assert.Equal(measurement, Single(line).Measurement);
    }

    [Theory]
    [InlineData(@"weather,location=us\,midwest temperature=82", "location", "us,midwest")]
    [InlineData(@"weather,location\ place=us-midwest temperature=82", "location place", "us-midwest")]
    [InlineData(@"weather,loc\=ation=us temperature=82", "loc=ation", "us")]
    [InlineData(@"weather,location=a\=b temperature=82", "location", "a=b")]
    [InlineData(@"weather,location=a\ b temperature=82", "location", "a b")]
    [InlineData(@"weather,location=a\b temperature=82", "location", @"a\b")]
    [InlineData(@"weather,location=a\\b temperature=82", "location", @"a\\b")]
    [InlineData(@"weather,location=a\\\ b temperature=82", "location", @"a\\ b")]
    [InlineData(@"weather,location=say""hi"" temperature=82", "location", @"say""hi""")]
    public void Parse_UnescapesTagKeysAndValues_AsInfluxDb1Does(string line, string key, string value)
    {
        Assert.Equal<Tag>([new Tag(key, value)], Single(line).Tags);
    }

    [Theory]
    [InlineData(@"weather temp\=rature=82", "temp=rature")]
    [InlineData(@"weather temp\ rature=82", "temp rature")]
    [InlineData(@"weather temp\,rature=82", "temp,rature")]
    [InlineData(@"weather field_k\ey=82", @"field_k\ey")]
    public void Parse_UnescapesFieldKeys_AsInfluxDb1Does(string line, string fieldKey)
    {
        Assert.Equal<Field>([new Field(fieldKey, 82)], Single(line).Fields);
    }

    [Fact]
    public void Parse_ReadsTheInfluxDocsEmojiExample_WithANumericField()
    {
        // The docs' line carries a string field, which Ioc refuses; the same series with a number must parse.
        const string line = @"""measurement\ with\ quo⚡es\ and\ emoji"",tag\ key\ with\ sp🚀ces=tag\,value\,with""commas"" field_k\ey=1i";

        var point = Single(line);

        Assert.Equal(@"""measurement with quo⚡es and emoji""", point.Measurement);
        Assert.Equal<Tag>([new Tag("tag key with sp🚀ces", @"tag,value,with""commas""")], point.Tags);
        Assert.Equal<Field>([new Field(@"field_k\ey", 1)], point.Fields);
    }

    [Fact]
    public void ParseSeries_ReadsTheInfluxDocsEmojiExample()
    {
        var (measurement, tags) = LineProtocolParser.ParseSeries(@"""measurement\ with\ quo⚡es\ and\ emoji"",tag\ key\ with\ sp🚀ces=tag\,value\,with""commas""");

        Assert.Equal(@"""measurement with quo⚡es and emoji""", measurement);
        Assert.Equal<Tag>([new Tag("tag key with sp🚀ces", @"tag,value,with""commas""")], tags);
    }

    [Fact]
    public void Parse_RefusesTheInfluxDocsEmojiExample_NamingItsStringField()
    {
        const string line = @"""measurement\ with\ quo⚡es\ and\ emoji"",tag\ key\ with\ sp🚀ces=tag\,value\,with""commas"" field_k\ey=""string field value, only \"" need be esc🍭ped""";

        var reason = ErrorOf(line);

        Assert.Contains(@"field 'field_k\ey' is a string", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsVietnameseNames()
    {
        var point = Single(@"hồ_sơ,phường=Phường\ Hà\ Huy\ Tập,đơn_vị=UBND đã_xử_lý=12i");

        Assert.Equal("hồ_sơ", point.Measurement);
        Assert.Equal<Tag>([new Tag("phường", "Phường Hà Huy Tập"), new Tag("đơn_vị", "UBND")], point.Tags);
        Assert.Equal<Field>([new Field("đã_xử_lý", 12)], point.Fields);
    }
}
