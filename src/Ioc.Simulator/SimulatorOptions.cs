using Ioc.Core.Collecting;

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

    /// <summary>
    /// Code of the modelled province, each with its own reported figures and units: HT Hà Tĩnh, NA Nghệ An, VP Vĩnh
    /// Phúc (part of Phú Thọ from 2025-07-01), NT Ninh Thuận (part of Khánh Hòa), QT Quảng Trị (merged with Quảng Bình).
    /// </summary>
    public string Province { get; set; } = "HT";

    /// <summary>
    /// Demo history the embedded server back-fills once, one reading a day, for the collectors that read the simulator
    /// (e.g. <c>400d</c>; <c>0</c> for none), so leaders' trends and year-on-year comparisons have something to show.
    /// </summary>
    public string History { get; set; } = "400d";

    /// <summary>How long after start the history waits, so the first live figures reach the wall before it competes with them.</summary>
    public TimeSpan HistoryStartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <see cref="History"/> as a duration, at most <see cref="MaxAsOfAge"/> (older is not answered); zero when off.
    /// </summary>
    public TimeSpan HistoryWindow =>
        History.Trim() != "0" && DurationText.TryParse(History, out var window) ? (window < MaxAsOfAge ? window : MaxAsOfAge) : TimeSpan.Zero;

    internal bool HistoryIsValid => History.Trim() == "0" || DurationText.TryParse(History, out _);

    /// <summary>How far back <c>?at=</c> may ask; older is answered 400. 400 days allow year-on-year comparisons.</summary>
    public TimeSpan MaxAsOfAge { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// Requests to <c>/sim</c> one client address may make per minute; more are answered 429. This machine's own
    /// callers (the embedded collectors) are not counted.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
