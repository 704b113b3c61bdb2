using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Screens;

/// <summary>Wall screens' heartbeats and how they are judged (<c>Ioc:Screens</c>).</summary>
public sealed class ScreenOptions
{
    public const string Section = "Ioc:Screens";

    /// <summary>How often a screen says it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No heartbeat for this long: <c>silent</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "1.00:00:00")]
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The page's newest data trails a fresh source's newest success by more than this: <c>stale</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A page whose JavaScript heap passes this reloads itself (a wall runs for months; a slow leak must not end it).</summary>
    [Range(16, 16_384)]
    public int HeapLimitMegabytes { get; set; } = 512;

    /// <summary>A screen silent this long is forgotten (taken off the list).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Distinct screens one display token may run; a leaked token must not fill the list.</summary>
    [Range(1, 10_000)]
    public int MaxScreensPerToken { get; set; } = 50;
}
