using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Metrics;

/// <summary>Parses bodies as the ingest API does, against a validator whose window holds <see cref="DefaultTimestamp"/>.</summary>
internal static class Lines
{
    // 2025-05-31T12:00:00Z, inside the validator's window (1990 .. FixedClock now + 1 day).
    public const long DefaultTimestamp = 1_748_692_800_000_000_000;

    private static readonly MetricValidator Validator = new(new FixedClock(), TimeSpan.FromDays(1));

    /// <summary>The batch of the UTF-8 path the ingest API takes, checked to say the same as the text path.</summary>
    public static LineProtocolBatch Parse(string body, Precision precision = Precision.Nanoseconds)
    {
        var fromText = LineProtocolParser.Parse(body, precision, DefaultTimestamp, Validator);
        var fromBytes = LineProtocolParser.Parse(System.Text.Encoding.UTF8.GetBytes(body), precision, DefaultTimestamp, Validator);
        Assert.Equal(fromText.Errors, fromBytes.Errors);
        Assert.Equal(fromText.ErrorCount, fromBytes.ErrorCount);
        Assert.Equal(fromText.Points.Select(p => p.ToString()), fromBytes.Points.Select(p => p.ToString()));
        return fromBytes;
    }

    /// <summary>The one point of a valid body.</summary>
    public static MetricPoint Single(string body, Precision precision = Precision.Nanoseconds)
    {
        var batch = Parse(body, precision);
        Assert.True(batch.IsValid, string.Join("; ", batch.Errors));
        return Assert.Single(batch.Points);
    }

    /// <summary>The one reason a single-line body is refused.</summary>
    public static string ErrorOf(string line)
    {
        var batch = Parse(line);
        Assert.False(batch.IsValid);
        return Assert.Single(batch.Errors).Reason;
    }
}
