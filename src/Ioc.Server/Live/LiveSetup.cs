using Ioc.Core.Live;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ioc.Server.Live;

internal static class LiveSetup
{
    public static IServiceCollection AddIocLive(this IServiceCollection services, IConfiguration configuration)
    {
        var scale = (configuration["Ioc:ComposeProfiles"] ?? "").Split(',', StringSplitOptions.TrimEntries).Contains("scale", StringComparer.Ordinal);
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Clustered || !scale, "The compose profile scale runs two Ioc nodes, but Ioc:Live:Redis:Configuration is empty, so screens on one node " +
                "would miss what the other accepts: set IOC_LIVE_REDIS=redis:6379 (and IOC_NGINX_CONF=./deploy/nginx/ioc-scale.conf) in .env")
            .ValidateOnStart();
        var live = configuration.GetSection(LiveOptions.Section).Get<LiveOptions>() ?? new LiveOptions();
        var signalR = services.AddSignalR();
        services.AddSingleton<LiveSubscriptions>();
        services.AddSingleton<LiveResets>();
        services.AddSingleton<ILivePublisher, HubLivePublisher>();
        services.AddSingleton<Features.Screens.IScreenReloader, HubScreenReloader>();
        if (!live.Clustered)
        {
            services.AddSingleton<ILiveSequencer, LiveSequencer>();
            services.AddSingleton<IClusterWatch, LocalClusterWatch>();
            return services;
        }

        // One Redis connection carries the SignalR backplane, the numbering and the watched series. A node starts
        // without Redis and connects when it can: until then writes and reads work and screens show offline.
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<LiveOptions>>().Value.Redis;
            var options = ConfigurationOptions.Parse(redis.Configuration!);
            options.AbortOnConnectFail = false;
            options.ClientName ??= "ioc";
            options.ChannelPrefix = RedisChannel.Literal(redis.Prefix + ":");
            return ConnectionMultiplexer.Connect(options);
        });
        signalR.AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IServiceProvider>((o, sp) =>
            o.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<RedisLiveSequencer>();
        services.AddSingleton<ILiveSequencer>(sp => sp.GetRequiredService<RedisLiveSequencer>());
        services.AddSingleton<RedisClusterWatch>();
        services.AddSingleton<IClusterWatch>(sp => sp.GetRequiredService<RedisClusterWatch>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisClusterWatch>());
        services.AddHostedService<RedisLiveMonitor>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder app)
    {
        // People and display tokens; what each may watch is checked per subscription.
        // A connection ends with its cookie's lifetime too, not only on revocation.
        app.MapHub<LiveHub>("/hubs/live", o => o.CloseOnAuthenticationExpiration = true).RequireAuthorization(Access.IocClaims.Policies.Viewer);
        return app;
    }
}
