using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Metrics;

// A body that says exactly what the formatter would write is kept whole, so a line-protocol store can send it on.
public class LineProtocolPointsTests
{
    private const long Ms = 1_748_692_800_000;
    private static readonly MetricValidator Validator = new(new FixedClock(), TimeSpan.FromDays(1));

    [Fact]
    public void Parse_KeepsTheBody_WhenEveryLineIsCanonical()
    {
        var body = Encoding.UTF8.GetBytes($"air,district=Cửa\\ Lò,province=Nghệ\\ An pm25=12.5 {Ms}\nair,district=Vinh,province=Nghệ\\ An pm10=3,pm25=13 {Ms}\n");

        var batch = LineProtocolParser.Parse(body, Precision.Milliseconds, 0, Validator);

        var points = Assert.IsType<LineProtocolPoints>(batch.Points);
        Assert.Equal(body, points.Utf8.ToArray());
        Assert.Equal(Precision.Milliseconds, points.Precision);
        Assert.Equal(2, points.Count);
        Assert.Equal(13, points[1].Fields[1].Value);
    }

    [Theory]
    [InlineData("air,district=Vinh pm25=12 {0}\n# a comment\nair,district=Vinh pm25=13 {0}")]
    [InlineData("air,district=Vinh pm25=12 {0}\n\nair,district=Vinh pm25=13 {0}")]
    [InlineData("air,district=Vinh pm25=12 {0}\r\n")]
    [InlineData(" air,district=Vinh pm25=12 {0}")]
    [InlineData("air,district=Vinh  pm25=12 {0}")]
    [InlineData("air,district=Vinh pm25=12  {0}")]
    [InlineData("air,district=Vinh pm25=12 {0} ")]
    [InlineData("air,district=Vinh pm25=12")]
    [InlineData("air,district=Vinh pm25=12i {0}")]
    [InlineData("air,district=Vinh pm25=12u {0}")]
    [InlineData("air,district=Vinh pm25=true {0}")]
    [InlineData("air,district=Vinh pm25=1e3 {0}")]
    [InlineData("air,district=Vinh pm25=.5 {0}")]
    [InlineData("air,district=Vinh pm25=+5 {0}")]
    [InlineData("air,province=Nghệ\\ An,district=Vinh pm25=12 {0}")]
    [InlineData("air,district=Vinh pm25=12,pm10=3 {0}")]
    public void Parse_GivesPlainPoints_WhenALineIsWrittenOtherwise(string template)
    {
        var body = string.Format(CultureInfo.InvariantCulture, template, Ms);

        var batch = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(body), Precision.Milliseconds, Ms * 1_000_000, Validator);

        Assert.True(batch.IsValid, string.Join("; ", batch.Errors));
        Assert.IsNotType<LineProtocolPoints>(batch.Points);
    }

    [Theory]
    [InlineData("air,district=Cửa\\ Lò,province=Nghệ\\ An pm25=12.5")]
    [InlineData("a\\,b\\ c,k\\=ey=v\\=al\\,ue\\ x f\\ 1=0.25")]
    [InlineData("m\\=x,t=a\\\\b f=-3")]
    [InlineData("Khánh\\ Hòa,huyện=Diên\\ Khánh,xã=Suối\\ Hiệp tỷ_lệ=99.9")]
    public void ACanonicalLine_IsWhatTheFormatterWritesForItsPoint(string series)
    {
        var line = $"{series} {Ms}";

        var batch = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(line), Precision.Milliseconds, 0, Validator);

        Assert.IsType<LineProtocolPoints>(batch.Points);
        Assert.Equal(line, LineProtocolFormatter.Format(Assert.Single(batch.Points), Precision.Milliseconds));
    }

    [Theory]
    [InlineData("27.53")]
    [InlineData("-0.1")]
    [InlineData("-0")]
    [InlineData("0.000000000000001")]
    [InlineData("123456789012345")]
    [InlineData("999999999999999.9")]
    [InlineData("1234567.890123456789")]
    [InlineData("9007199254740993")]
    [InlineData("00012.500")]
    public void Parse_ReadsDecimals_ExactlyAsDoubleParse(string value)
    {
        var point = Assert.Single(LineProtocolParser.Parse($"m f={value} {Ms}", Precision.Milliseconds, 0, Validator).Points);

        Assert.Equal(double.Parse(value, CultureInfo.InvariantCulture), point.Fields[0].Value);
        Assert.Equal(double.IsNegative(double.Parse(value, CultureInfo.InvariantCulture)), double.IsNegative(point.Fields[0].Value));
    }

    [Fact]
    public void Parse_SharesOneSeriesKey_AmongTheLinesOfASeries()
    {
        var body = $"air,district=Vinh pm25=1 {Ms}\nair,district=Vinh\\ 2 pm25=2 {Ms}\nair,district=Vinh pm25=3 {Ms + 1}";

        var points = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(body), Precision.Milliseconds, 0, Validator).Points;

        Assert.Same(points[0].Series, points[2].Series);
        Assert.NotEqual(points[0].Series, points[1].Series);
        Assert.Equal("air,district=Vinh\\ 2", points[1].Series.Text);
    }

    [Fact]
    public void Parse_RefusesEveryLineOfAnInvalidSeries_NamingIt()
    {
        var body = $"air,_x=1 pm25=1 {Ms}\nair,_x=1 pm25=2 {Ms}\nair,x=1 pm25=3 {Ms}";

        var batch = LineProtocolParser.Parse(Encoding.UTF8.GetBytes(body), Precision.Milliseconds, 0, Validator);

        Assert.Equal(2, batch.ErrorCount);
        Assert.Equal([1, 2], batch.Errors.Select(e => e.Line));
        Assert.All(batch.Errors, e => Assert.Contains("'_x' is reserved", e.Reason, StringComparison.Ordinal));
    }
}
