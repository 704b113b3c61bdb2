using Ioc.Core.Collecting;

namespace Ioc.Server.Features.Collectors;

public sealed record CollectorView(string Id, string Name, string Kind, string Schedule, bool Enabled, string Source, CollectorStatus Status);

/// <summary>Read-only view of the collectors and how their last runs went.</summary>
internal static class CollectorsApi
{
    public static IEndpointRouteBuilder MapCollectorsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/collectors", (CollectorCatalog catalog, CollectorStatusBoard status) =>
            TypedResults.Ok(catalog.Definitions.Select(d => new CollectorView(d.Id, d.Name, d.Kind, d.Schedule, d.Enabled, d.Source, status.Get(d.Id)))))
            .WithTags("Collectors")
            .RequireAuthorization(Access.IocClaims.Policies.Admin);
        return app;
    }
}
