namespace Ioc.Simulator.Tests;

/// <summary>A clock that says what the test tells it, so served figures are known in advance.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
