using Ioc.Core.Dashboards;

namespace Ioc.Server.Features.Dashboards;

/// <summary>The loaded playlists (<c>dashboards/playlists/*.json</c>); every dashboard they name exists.</summary>
internal sealed class PlaylistCatalog(IEnumerable<PlaylistDefinition> playlists)
{
    private readonly Dictionary<string, PlaylistDefinition> _byId = playlists.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public IEnumerable<PlaylistDefinition> All => _byId.Values.OrderBy(p => p.Id, StringComparer.Ordinal);

    public PlaylistDefinition? Find(string? id) => id is null ? null : _byId.GetValueOrDefault(id);
}
