using Ioc.Core.Metrics;

namespace Ioc.Core.Tests.Metrics;

public class PrecisionTests
{
    [Theory]
    [InlineData(null, Precision.Nanoseconds)]
    [InlineData("", Precision.Nanoseconds)]
    [InlineData("n", Precision.Nanoseconds)]
    [InlineData("ns", Precision.Nanoseconds)]
    [InlineData("u", Precision.Microseconds)]
    [InlineData("us", Precision.Microseconds)]
    [InlineData("µ", Precision.Microseconds)]
    [InlineData("µs", Precision.Microseconds)]
    [InlineData("ms", Precision.Milliseconds)]
    [InlineData("s", Precision.Seconds)]
    public void TryParse_AcceptsInfluxDbNames(string? text, Precision expected)
    {
        Assert.True(PrecisionExtensions.TryParse(text, out var precision));
        Assert.Equal(expected, precision);
    }

    [Theory]
    [InlineData("m")]
    [InlineData("h")]
    [InlineData("S")]
    [InlineData("sec")]
    [InlineData("NS")]
    public void TryParse_RefusesOtherNames(string text)
    {
        Assert.False(PrecisionExtensions.TryParse(text, out _));
    }

    [Theory]
    [InlineData(Precision.Nanoseconds, 1L, "ns")]
    [InlineData(Precision.Microseconds, 1_000L, "us")]
    [InlineData(Precision.Milliseconds, 1_000_000L, "ms")]
    [InlineData(Precision.Seconds, 1_000_000_000L, "s")]
    public void Precision_KnowsItsUnitAndParameter(Precision precision, long nanoseconds, string parameter)
    {
        Assert.Equal(nanoseconds, precision.NanosecondsPerUnit());
        Assert.Equal(parameter, precision.ToParameter());
        Assert.True(PrecisionExtensions.TryParse(parameter, out var back));
        Assert.Equal(precision, back);
    }

    [Theory]
    [InlineData("m", Precision.Minutes, 60_000_000_000L)]
    [InlineData("h", Precision.Hours, 3_600_000_000_000L)]
    [InlineData("n", Precision.Nanoseconds, 1L)]
    [InlineData("u", Precision.Microseconds, 1_000L)]
    [InlineData("s", Precision.Seconds, 1_000_000_000L)]
    public void TryParseV1_AlsoAcceptsMinutesAndHours_AsInfluxDb1Does(string text, Precision expected, long nanoseconds)
    {
        Assert.True(PrecisionExtensions.TryParseV1(text, out var precision));
        Assert.Equal(expected, precision);
        Assert.Equal(nanoseconds, precision.NanosecondsPerUnit());
        Assert.False(PrecisionExtensions.TryParseV1("d", out _));
    }

    [Fact]
    public void UnixTime_ConvertsBothWays()
    {
        var time = new DateTimeOffset(2025, 6, 1, 7, 0, 0, TimeSpan.FromHours(7));

        var nanoseconds = UnixTime.ToNanoseconds(time);

        Assert.Equal(1_748_736_000_000_000_000, nanoseconds);
        Assert.Equal(time, UnixTime.FromNanoseconds(nanoseconds));
        Assert.Equal(1_748_736_000_000d, UnixTime.ToMilliseconds(nanoseconds));
    }
}
