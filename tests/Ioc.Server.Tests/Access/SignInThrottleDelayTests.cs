using Ioc.Server.Access;

namespace Ioc.Server.Tests.Access;

/// <summary>How long an address waits after its wrong passwords for one name: nothing, then doubling, then capped.</summary>
public sealed class SignInThrottleDelayTests
{
    private static readonly AccessOptions Settings = new()
    {
        LockoutThreshold = 5,
        LockoutFirstDelay = TimeSpan.FromSeconds(2),
        LockoutDuration = TimeSpan.FromMinutes(15),
    };

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 2)]
    [InlineData(6, 4)]
    [InlineData(7, 8)]
    [InlineData(13, 512)]
    [InlineData(14, 900)]
    [InlineData(1_000_000, 900)]
    public void Delay_IsNoneBelowTheThreshold_ThenDoublesFromTheFirstDelay_UpToTheLongest(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SignInThrottle.Delay(failures, Settings));
    }

    [Fact]
    public void Account_CutsNamesLongerThanAnyAccountCanBe_SoGuessesKeepSmallKeys()
    {
        var guessed = new string('a', 5000);

        Assert.Equal(new string('a', 64), SignInThrottle.Account(guessed));
        Assert.Equal("admin", SignInThrottle.Account("admin"));
    }
}
