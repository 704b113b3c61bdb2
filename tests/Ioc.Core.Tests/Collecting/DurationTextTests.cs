using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class DurationTextTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "10s", TimeSpan.FromSeconds(10) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "2h", TimeSpan.FromHours(2) },
        { "7d", TimeSpan.FromDays(7) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { "0.25s", TimeSpan.FromMilliseconds(250) },
        { " 30s ", TimeSpan.FromSeconds(30) },
        { "0s", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ReadsNumberAndUnit(string text, TimeSpan expected)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(expected, duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("10S")]
    [InlineData("10 s")]
    [InlineData("-5s")]
    [InlineData("+5s")]
    [InlineData("1,5h")]
    [InlineData("1e3s")]
    [InlineData("5m30s")]
    [InlineData("NaNs")]
    [InlineData("00:05:00")]
    public void TryParse_RefusesAnythingElse(string? text)
    {
        Assert.False(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("99999999999d")]
    [InlineData("999999999999999999999999h")]
    [InlineData("1e308ms")]
    public void TryParse_RefusesDurationsTooLongForATimeSpan_InsteadOfThrowing(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }
}
