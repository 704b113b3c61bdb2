using System.Security.Claims;
using Ioc.Server.Features.Dashboards;
using Microsoft.AspNetCore.Authentication;

namespace Ioc.Server.Access;

/// <summary>
/// A display token that names a playlist may open the dashboards the playlist names now: they are added as dashboard
/// claims on every request, so a dashboard dropped from the playlist's file is out of reach once Ioc has loaded it.
/// </summary>
internal sealed class PlaylistClaims(PlaylistCatalog playlists) : IClaimsTransformation
{
    private const string Expanded = "ioc:playlist-expanded";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(IocClaims.Playlist) is not { } id || principal.HasClaim(c => c.Type == Expanded))
        {
            return Task.FromResult(principal);
        }

        // Transformations may run more than once per request; the marker keeps them from stacking claims.
        var claims = new List<Claim> { new(Expanded, "true") };
        claims.AddRange((playlists.Find(id)?.DashboardIds() ?? []).Select(d => new Claim(IocClaims.Dashboard, d)));
        var copy = principal.Clone();
        copy.AddIdentity(new ClaimsIdentity(claims));
        return Task.FromResult(copy);
    }
}
