namespace Ioc.Simulator;

/// <summary>The simulated provincial systems served under <c>/sim</c>; bound from <c>Ioc:Simulator</c>.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Ioc:Simulator";

    /// <summary>Upper bound of <see cref="MaxAsOfAge"/>: an answer's cost grows with how far back it is asked for.</summary>
    public static readonly TimeSpan MaxAsOfAgeLimit = TimeSpan.FromDays(3660);

    /// <summary>Serve <c>/sim/...</c>. On by default so a fresh install has data to show.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Same seed and instant give the same figures; change it to get another, equally plausible province.</summary>
    public int Seed { get; set; } = 2024;

    /// <summary>Code of the modelled province; "HT" (Tỉnh Hà Tĩnh) is the one modelled.</summary>
    public string Province { get; set; } = "HT";

    /// <summary>How far back <c>?at=</c> may ask; older is answered 400. 400 days allow year-on-year comparisons.</summary>
    public TimeSpan MaxAsOfAge { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// Requests to <c>/sim</c> one client address may make per minute; more are answered 429. This machine's own
    /// callers (the embedded collectors) are not counted.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
