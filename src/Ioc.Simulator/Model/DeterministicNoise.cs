namespace Ioc.Simulator.Model;

/// <summary>
/// Noise that is a pure function of (seed, stream, slot), so the same instant always gives the same figures
/// whatever order or how often the endpoints are called. Streams are named, e.g. "HT-001/records/online/day".
/// </summary>
internal sealed class DeterministicNoise
{
    private readonly ulong _seed;

    public DeterministicNoise(int seed) => _seed = Mix((ulong)(uint)seed ^ 0xA0761D6478BD642FUL);

    /// <summary>A stable 64-bit name hash (FNV-1a); <see cref="string.GetHashCode()"/> changes between processes.</summary>
    public static ulong Stream(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double Unit(ulong stream, long slot) =>
        (Mix(_seed ^ Mix(stream ^ Mix((ulong)slot))) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1).</summary>
    public double Symmetric(ulong stream, long slot) => (Unit(stream, slot) * 2) - 1;

    // SplitMix64's finaliser: cheap, and every input bit reaches every output bit.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
