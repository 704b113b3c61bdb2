using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Query;

/// <summary>The <c>Ioc:Query</c> section: what one read may ask of the store.</summary>
public sealed class QueryOptions
{
    public const string Section = "Ioc:Query";

    /// <summary>The longest range one read may cover; leaders compare years, nobody needs centuries.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "36525.00:00:00")]
    public TimeSpan MaxSpan { get; set; } = TimeSpan.FromDays(7305);

    /// <summary>How long one request may spend reading the store before it is cut off with 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
