namespace Ioc.Simulator;

/// <summary>The simulated provincial systems served under <c>/sim</c>; bound from <c>Ioc:Simulator</c>.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Ioc:Simulator";

    /// <summary>Serve <c>/sim/...</c>. On by default so a fresh install has data to show.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Same seed and instant give the same figures; change it to get another, equally plausible province.</summary>
    public int Seed { get; set; } = 2024;

    /// <summary>Code of the modelled province; "HT" (Tỉnh Hà Tĩnh) is the one modelled.</summary>
    public string Province { get; set; } = "HT";
}
