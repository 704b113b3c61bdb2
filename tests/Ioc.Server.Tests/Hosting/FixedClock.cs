namespace Ioc.Server.Tests.Hosting;

/// <summary>A clock standing still, so the simulator answers the same figures on every call.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
