using Ioc.Core.Metrics;

namespace Ioc.Core.Tests.Metrics;

public class SeriesKeyTests
{
    [Fact]
    public void Text_IsTheSeriesPartOfALine_WithTagsSortedByKey()
    {
        var key = new SeriesKey("dvc", [new Tag("unit", "HT"), new Tag("area", "north"), new Tag("B", "x")]);

        Assert.Equal("dvc,B=x,area=north,unit=HT", key.Text);
        Assert.Equal(key.Text, key.ToString());
        Assert.Equal(["B", "area", "unit"], key.Tags.Select(t => t.Key));
    }

    [Fact]
    public void Text_EscapesAsLineProtocol()
    {
        var key = new SeriesKey("hồ sơ,x", [new Tag("phường", "Phường Hà Huy Tập"), new Tag("k=1", "a,b")]);

        Assert.Equal(@"hồ\ sơ\,x,k\=1=a\,b,phường=Phường\ Hà\ Huy\ Tập", key.Text);
    }

    [Fact]
    public void Text_OfMeasurementOnly_IsTheMeasurement()
    {
        Assert.Equal("m", new SeriesKey("m", []).Text);
    }

    [Theory]
    [InlineData("m")]
    [InlineData("dvc,area=north,unit=HT")]
    [InlineData(@"hồ\ sơ\,x,k\=1=a\,b,phường=Phường\ Hà\ Huy\ Tập")]
    [InlineData(@"""measurement\ with\ quo⚡es"",tag\ key\ with\ sp🚀ces=tag\,value\,with""commas""")]
    [InlineData(@"back\slash,k=a\\\ b")]
    public void Parse_RoundTripsCanonicalText(string text)
    {
        Assert.Equal(text, SeriesKey.Parse(text).Text);
    }

    [Fact]
    public void Parse_SortsTags_OfNonCanonicalText()
    {
        var key = SeriesKey.Parse("m,z=1,a=2");

        Assert.Equal("m,a=2,z=1", key.Text);
        Assert.Equal("2", key.GetTag("a"));
    }

    [Theory]
    [InlineData("", "missing measurement")]
    [InlineData(",a=1", "missing measurement")]
    [InlineData("m,a", "tag 1 of series 'm,a' is not key=value")]
    [InlineData("m,a=1,=2", "tag 2 of series")]
    [InlineData("m a=1", "unexpected ' ' in series 'm a=1' at position 2")]
    [InlineData("m,a=1=2", "unexpected '='")]
    public void Parse_Throws_NamingWhatIsWrong(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => SeriesKey.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_IgnoresTagOrder()
    {
        var a = new SeriesKey("m", [new Tag("a", "1"), new Tag("b", "2")]);
        var b = new SeriesKey("m", [new Tag("b", "2"), new Tag("a", "1")]);

        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DistinguishesEscapedCommaFromTagSeparator()
    {
        var measurementWithComma = new SeriesKey("m,a=1", []);
        var measurementWithTag = new SeriesKey("m", [new Tag("a", "1")]);

        Assert.NotEqual(measurementWithComma, measurementWithTag);
    }

    [Fact]
    public void Equals_IsCaseAndValueSensitive()
    {
        var key = new SeriesKey("m", [new Tag("a", "1")]);

        Assert.NotEqual(key, new SeriesKey("M", [new Tag("a", "1")]));
        Assert.NotEqual(key, new SeriesKey("m", [new Tag("A", "1")]));
        Assert.NotEqual(key, new SeriesKey("m", [new Tag("a", "2")]));
        Assert.NotEqual(key, new SeriesKey("m", []));
        Assert.False(key.Equals(null));
        Assert.False(key.Equals("m,a=1"));
    }

    [Fact]
    public void Equals_HoldsForKeysOfEqualPoints()
    {
        var a = new MetricPoint("m", [new Tag("b", "2"), new Tag("a", "1")], [new Field("f", 1)], 1);
        var b = new MetricPoint("m", [new Tag("a", "1"), new Tag("b", "2")], [new Field("g", 2)], 2);

        Assert.Equal(a.Series, b.Series);
    }

    [Fact]
    public void HasTags_IsTrue_ForEverySubsetWithSameValues()
    {
        var key = new SeriesKey("m", [new Tag("unit", "HT"), new Tag("area", "north")]);

        Assert.True(key.HasTags(new Dictionary<string, string>()));
        Assert.True(key.HasTags(new Dictionary<string, string> { ["unit"] = "HT" }));
        Assert.True(key.HasTags(new Dictionary<string, string> { ["unit"] = "HT", ["area"] = "north" }));
    }

    [Fact]
    public void HasTags_IsFalse_WhenATagIsMissingOrDifferent()
    {
        var key = new SeriesKey("m", [new Tag("unit", "HT")]);

        Assert.False(key.HasTags(new Dictionary<string, string> { ["unit"] = "ht" }));
        Assert.False(key.HasTags(new Dictionary<string, string> { ["area"] = "north" }));
        Assert.False(key.HasTags(new Dictionary<string, string> { ["unit"] = "HT", ["area"] = "north" }));
        Assert.False(key.HasTags(new Dictionary<string, string> { ["Unit"] = "HT" }));
    }

    [Fact]
    public void GetTag_ReturnsValueOrNull()
    {
        var key = new SeriesKey("m", [new Tag("unit", "HT")]);

        Assert.Equal("HT", key.GetTag("unit"));
        Assert.Null(key.GetTag("area"));
    }
}
