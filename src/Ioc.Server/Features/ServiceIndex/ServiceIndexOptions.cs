using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.ServiceIndex;

/// <summary>The national service index (<c>Ioc:ServiceIndex</c>); its scoring tables are in <c>Ioc:IndicesPath</c>.</summary>
public sealed class ServiceIndexOptions
{
    public const string Section = "Ioc:ServiceIndex";

    /// <summary>The id of the scoring table in use.</summary>
    [Required]
    public string Table { get; set; } = "service-index-766";

    /// <summary>How old a count may be and still be read as of an instant; older counts are no data.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "31.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Where weeks and months begin and days end for <c>asOf</c> dates and trends.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";
}
