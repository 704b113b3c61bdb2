namespace Ioc.Server.Features.Observability;

/// <summary>The states a wall screen can be in, as <c>GET /api/v1/admin/screens</c> and <c>ioc_screens</c> name them.</summary>
internal static class ScreenStates
{
    public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<Ioc.Core.Screens.ScreenState>().Select(Ioc.Core.Screens.ScreenJudgement.Name)];
}

/// <summary>How many wall screens are in each state now; read at every scrape, so it must answer from memory.</summary>
internal interface IScreenCounts
{
    /// <summary>Keys from <see cref="ScreenStates"/>; a missing state counts as zero.</summary>
    IReadOnlyDictionary<string, int> CountByState();
}

/// <summary>Until a screens registry is registered: no screens known.</summary>
internal sealed class NoScreenCounts : IScreenCounts
{
    public IReadOnlyDictionary<string, int> CountByState() => new Dictionary<string, int>(StringComparer.Ordinal);
}
