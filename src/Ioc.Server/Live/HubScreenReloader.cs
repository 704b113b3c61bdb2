using Ioc.Server.Features.Screens;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>Reloads go through hub groups, so they reach a screen on whichever node holds its connection.</summary>
internal sealed class HubScreenReloader(IHubContext<LiveHub, ILiveClient> hub) : IScreenReloader
{
    public Task ReloadAsync(string? screenId, string reason) =>
        (screenId is null ? hub.Clients.Group(LiveHub.ScreensGroup) : hub.Clients.Group(LiveHub.ScreenGroup(screenId))).Reload(reason);
}
