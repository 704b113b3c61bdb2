using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Collectors;

/// <summary>The <c>Ioc:Collectors:History</c> section: how much run history the configuration store keeps.</summary>
public sealed class CollectorHistoryOptions
{
    public const string Section = "Ioc:Collectors:History";

    /// <summary>Runs kept per collector; a 5-second schedule makes 720 an hour.</summary>
    [Range(10, 1_000_000)]
    public int KeepRuns { get; set; } = 5000;

    /// <summary>Runs older than this are deleted whatever their number.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);
}
