using System.Security.Claims;
using Ioc.Core.Dashboards;
using Ioc.Server.Access;
using Ioc.Server.Features.Units;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Dashboards;

/// <param name="DwellSeconds">How long the dashboard stays on screen.</param>
public sealed record PlaylistItemView(string Dashboard, string Title, double DwellSeconds, string? Unit);

/// <param name="CycleSeconds">One round through every item.</param>
public sealed record PlaylistSummary(string Id, string Title, string? Description, string Source, IReadOnlyList<PlaylistItemView> Items, double CycleSeconds, string Path);

/// <summary>Playlists (<c>dashboards/playlists/*.json</c>) and the page that shows one's dashboards in turn.</summary>
internal static class PlaylistsApi
{
    public static IEndpointRouteBuilder MapPlaylistsApi(this IEndpointRouteBuilder app)
    {
        // A person sees the playlists whose every dashboard they may view; a display token its own playlist.
        var api = app.MapGroup("/api/v1/playlists").WithTags("Playlists");
        api.MapGet("/", (PlaylistCatalog playlists, DashboardCatalog dashboards, ClaimsPrincipal user) =>
            TypedResults.Ok(playlists.All.Where(p => user.CanView(p, dashboards.Find)).Select(p => View(p, dashboards))))
            .RequireAuthorization(IocClaims.Policies.Person);
        api.MapGet("/{id}", Results<Ok<PlaylistSummary>, NotFound, ForbidHttpResult> (string id, PlaylistCatalog playlists, DashboardCatalog dashboards, ClaimsPrincipal user) =>
            playlists.Find(id) is not { } p ? TypedResults.NotFound()
            : user.CanView(p, dashboards.Find) ? TypedResults.Ok(View(p, dashboards))
            : TypedResults.Forbid())
            .RequireAuthorization(IocClaims.Policies.Viewer);

        app.MapGet("/p/{id}", Results<ContentHttpResult, NotFound, ForbidHttpResult> (string id, PlaylistCatalog playlists, DashboardCatalog dashboards, UnitCatalog units, PageModules modules, ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery) =>
        {
            if (playlists.Find(id) is not { } playlist)
            {
                return TypedResults.NotFound();
            }

            if (!user.CanView(playlist, dashboards.Find))
            {
                return TypedResults.Forbid();
            }

            var stops = playlist.Items.Select(i => (Item: i, Dashboard: dashboards.Find(i.Dashboard)!)).ToList();
            var view = new PlaylistView(playlist.Id, playlist.Title, [.. stops.Select(s => new PlaylistStop(
                s.Dashboard.Id,
                s.Dashboard.Title,
                s.Item.DwellTime().TotalMilliseconds,
                DashboardsApi.FollowsUnit(s.Dashboard) ? DashboardsApi.ShownUnit(s.Item.Unit, units) : null))]);
            var first = stops[0].Dashboard;
            return TypedResults.Content(DashboardPage.Render(first, http.Request.PathBase, DashboardsApi.SignOutForm(user, http, antiforgery), playlist: view, modules: modules.Dashboard), "text/html; charset=utf-8");
        }).RequireAuthorization(IocClaims.Policies.Viewer);
        return app;
    }

    internal static PlaylistSummary View(PlaylistDefinition p, DashboardCatalog dashboards) => new(
        p.Id,
        p.Title,
        p.Description,
        p.Source,
        [.. p.Items.Select(i => new PlaylistItemView(i.Dashboard, dashboards.Find(i.Dashboard)?.Title ?? i.Dashboard, i.DwellTime().TotalSeconds, i.Unit))],
        p.Cycle().TotalSeconds,
        "/p/" + Uri.EscapeDataString(p.Id));
}
