using Ioc.Simulator.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator;

public static class SimulatorServices
{
    /// <summary>Registers the simulator with options bound from <paramref name="section"/> (normally <c>Ioc:Simulator</c>).</summary>
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddSimulator(options => section.Bind(options));
    }

    public static IServiceCollection AddSimulator(this IServiceCollection services, Action<SimulatorOptions>? configure = null)
    {
        var known = string.Join(", ", ProvinceProfiles.All.Select(p => p.Code));
        services.AddOptions<SimulatorOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => !o.Enabled || ProvinceProfiles.Find(o.Province) is not null, $"{SimulatorOptions.SectionName}:Province must be one of: {known}")
            .Validate(
                o => !o.Enabled || (o.MaxAsOfAge > TimeSpan.Zero && o.MaxAsOfAge <= SimulatorOptions.MaxAsOfAgeLimit),
                $"{SimulatorOptions.SectionName}:MaxAsOfAge must be more than 0 and at most {SimulatorOptions.MaxAsOfAgeLimit.TotalDays:0} days (e.g. 400.00:00:00)")
            .Validate(o => !o.Enabled || o.HistoryIsValid, $"{SimulatorOptions.SectionName}:History must be 0 or a duration such as 400d")
            .Validate(o => !o.Enabled || o.RequestsPerMinute > 0, $"{SimulatorOptions.SectionName}:RequestsPerMinute must be at least 1")
            .ValidateOnStart();
        services.AddRateLimiter(o => o.AddPolicy<string, SimulatorRateLimit>(SimulatorRateLimit.PolicyName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AsOfWindow>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            return new ProvinceSimulator(ProvinceProfiles.Find(options.Province) ?? ProvinceProfiles.HaTinh, options.Seed);

        });
        services.TryAddSingleton(sp => ServiceIndexSimulator.For(sp.GetRequiredService<ProvinceSimulator>(), sp.GetRequiredService<IOptions<SimulatorOptions>>().Value));
        return services;
    }
}
