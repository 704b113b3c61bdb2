using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Live;

/// <summary><c>Ioc:Live</c>: how live points reach screens when several Ioc nodes serve them.</summary>
internal sealed class LiveOptions : IValidatableObject
{
    public const string Section = "Ioc:Live";

    public RedisLiveOptions Redis { get; set; } = new();

    /// <summary>True when nodes share live delivery through Redis.</summary>
    public bool Clustered => !string.IsNullOrWhiteSpace(Redis.Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Clustered)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(Redis.Configuration!);
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"Ioc:Live:Redis:Configuration is not a StackExchange.Redis configuration string: {problem}", ["Redis.Configuration"]);
        }

        if (string.IsNullOrWhiteSpace(Redis.Prefix) || Redis.Prefix.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("Ioc:Live:Redis:Prefix must be a word without spaces (it names the Redis keys and channels of this Ioc)", ["Redis.Prefix"]);
        }
    }
}

internal sealed class RedisLiveOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c>; empty: one node, no backplane.</summary>
    public string? Configuration { get; set; }

    /// <summary>Names this Ioc's keys and channels, so two Ioc installations can share one Redis.</summary>
    public string Prefix { get; set; } = "ioc";
}
