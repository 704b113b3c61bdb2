using Ioc.Core.Dashboards;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Authentication;

namespace Ioc.Server.Features.Dashboards;

/// <summary>Playlists (<c>Ioc:Playlists</c>).</summary>
public sealed class PlaylistOptions
{
    public const string Section = "Ioc:Playlists";

    /// <summary>The shortest dwell a playlist item may ask for: a dashboard needs a moment to paint and to be read.</summary>
    public TimeSpan MinDwell { get; set; } = PlaylistLoader.DefaultMinDwell;
}

internal static class PlaylistSetup
{
    public static IServiceCollection AddPlaylists(this IServiceCollection services)
    {
        services.AddOptions<PlaylistOptions>().BindConfiguration(PlaylistOptions.Section)
            .Validate(o => o.MinDwell >= TimeSpan.FromSeconds(1) && o.MinDwell <= PlaylistLoader.MaxDwell, "Ioc:Playlists:MinDwell must be between 00:00:01 and 01:00:00")
            .ValidateOnStart();
        services.AddTransient<IClaimsTransformation, PlaylistClaims>();
        services.AddSingleton<PageModules>(); // dashboard and playlist pages
        services.AddSingleton<DashboardReads>();
        return services;
    }
}
