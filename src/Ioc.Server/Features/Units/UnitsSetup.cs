namespace Ioc.Server.Features.Units;

internal static class UnitsSetup
{
    public static IServiceCollection AddUnits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UnitsOptions>().BindConfiguration(UnitsOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.Province ??= configuration["Ioc:Simulator:Province"] ?? "HT");
        services.AddSingleton<UnitCatalog>();
        services.AddSingleton<UnitQuery>();
        return services;
    }
}
