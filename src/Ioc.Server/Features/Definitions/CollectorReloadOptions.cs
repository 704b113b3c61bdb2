using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Definitions;

public sealed class CollectorReloadOptions
{
    public const string Section = "Ioc:Collectors";

    /// <summary>How often each node asks the configuration store whether collectors changed (one small query).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);
}
