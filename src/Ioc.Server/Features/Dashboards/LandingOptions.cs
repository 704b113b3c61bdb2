using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Dashboards;

/// <summary>Where people land on <c>GET /</c> (<c>Ioc:Landing</c>).</summary>
public sealed class LandingOptions
{
    public const string Section = "Ioc:Landing";

    /// <summary>The leaders' own dashboard; when there is no such dashboard, the first with audience <c>leaders</c>.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,63}$")]
    public string Leaders { get; set; } = "leaders";
}

internal static class LandingSetup
{
    public static IServiceCollection AddLanding(this IServiceCollection services)
    {
        services.AddOptions<LandingOptions>().BindConfiguration(LandingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
