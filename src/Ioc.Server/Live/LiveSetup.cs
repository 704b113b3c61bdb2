using Ioc.Core.Live;

namespace Ioc.Server.Live;

internal static class LiveSetup
{
    public static IServiceCollection AddIocLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<LiveSequencer>();
        services.AddSingleton<LiveSubscriptions>();
        services.AddSingleton<ILivePublisher, HubLivePublisher>();
        services.AddSingleton<Features.Screens.IScreenReloader, HubScreenReloader>();
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
