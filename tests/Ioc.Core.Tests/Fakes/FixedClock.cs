namespace Ioc.Core.Tests.Fakes;

/// <summary>A clock that stays where the test put it, so timestamp limits do not move under a test.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset DefaultNow = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public FixedClock()
        : this(DefaultNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}
