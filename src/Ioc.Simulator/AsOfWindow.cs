using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator;

/// <summary>
/// The instants the simulator answers for: now, or <c>?at=</c> (ISO 8601) as the real systems' statistics
/// endpoints allow, from <see cref="SimulatorOptions.MaxAsOfAge"/> back to a minute ahead. The bound is what keeps
/// an answer cheap: year-to-date and since-launch figures add up one day at a time.
/// </summary>
internal sealed class AsOfWindow
{
    /// <summary>Clocks of callers and simulator may differ a little; a slot just ahead of ours is still answered.</summary>
    internal static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxAge;

    public AsOfWindow(TimeProvider clock, IOptions<SimulatorOptions> options)
    {
        _clock = clock;
        _maxAge = options.Value.MaxAsOfAge;
    }

    public bool TryResolve(string? at, out DateTimeOffset time, out ProblemHttpResult problem)
    {
        var now = _clock.GetUtcNow();
        time = now;
        problem = null!;
        if (string.IsNullOrEmpty(at))
        {
            return true;
        }

        string? why = null;
        if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            why = $"at '{at}' is not an ISO 8601 time such as 2026-01-31T08:15:00Z";
        }
        else if (time < now - _maxAge)
        {
            why = $"at '{at}' is older than {SimulatorOptions.SectionName}:MaxAsOfAge ({_maxAge.TotalDays:0.##} days): the earliest answered now is {Iso(now - _maxAge)}";
        }
        else if (time > now + FutureSkew)
        {
            why = $"at '{at}' is in the future: the latest answered now is {Iso(now + FutureSkew)}";
        }

        if (why is null)
        {
            return true;
        }

        problem = TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid at", detail: why);
        return false;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
