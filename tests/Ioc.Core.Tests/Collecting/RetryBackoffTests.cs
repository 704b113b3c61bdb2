using System.Net;
using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)]
    [InlineData(40, 5000)]
    public void Delay_DoublesFrom200Ms_UpTo5Seconds(int failedAttempts, int ceilingMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), RetryBackoff.Delay(failedAttempts, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs / 2.0), RetryBackoff.Delay(failedAttempts, 0));
    }

    [Fact]
    public void Delay_IsSpreadOverTheUpperHalf_SoCollectorsFailingTogetherDoNotRetryTogether()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => RetryBackoff.Delay(2, random.NextDouble())).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)));
        Assert.True(delays.Distinct().Count() > 150);
    }

    [Theory]
    [InlineData(400, 1000, true)]
    [InlineData(400, 800, true)]
    [InlineData(400, 799, false)]
    [InlineData(400, 0, false)]
    public void Fits_OnlyWhenTheAttemptAfterTheWaitStillHasAsLongAsTheWait(int delayMs, int remainingMs, bool fits) =>
        Assert.Equal(fits, RetryBackoff.Fits(TimeSpan.FromMilliseconds(delayMs), TimeSpan.FromMilliseconds(remainingMs)));

    [Fact]
    public void IsTransient_FollowsTheCollectorsFlag_AndTheHttpStatus()
    {
        Assert.True(RetryBackoff.IsTransient(new CollectorException("connection refused") { Transient = true }));
        Assert.False(RetryBackoff.IsTransient(new CollectorException("not valid JSON")));
        Assert.True(RetryBackoff.IsTransient(new HttpRequestException("reset")));
        Assert.True(RetryBackoff.IsTransient(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable)));
        Assert.True(RetryBackoff.IsTransient(new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests)));
        Assert.False(RetryBackoff.IsTransient(new HttpRequestException("gone", null, HttpStatusCode.NotFound)));
        Assert.False(RetryBackoff.IsTransient(new InvalidOperationException("a bug")));
    }
}
