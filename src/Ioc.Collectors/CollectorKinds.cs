using Ioc.Collectors.HttpJson;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors;

/// <summary>A kind's sample definition, embedded from its folder's <c>sample.yaml</c>.</summary>
public sealed record CollectorKindSample(string Source, string Yaml);

/// <summary>Every collector kind this build knows: one line per kind.</summary>
public static class CollectorKinds
{
    public static IReadOnlyList<ICollectorKind> Create(IHttpClientFactory http) =>
    [
        new HttpJsonCollectorKind(http),
    ];

    /// <summary>What the kinds need from the container (their named HTTP clients); call it before <see cref="Create"/>.</summary>
    public static IServiceCollection AddCollectorKinds(this IServiceCollection services)
    {
        HttpJsonClient.Add(services);
        return services;
    }

    /// <summary>
    /// The sample definition that ships with a kind (<c>&lt;Folder&gt;/sample.yaml</c> beside the kind's class),
    /// or null when it has none; the convention test requires one for every kind.
    /// </summary>
    public static CollectorKindSample? FindSample(ICollectorKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var type = kind.GetType();
        using var stream = type.Assembly.GetManifestResourceStream($"{type.Namespace}.sample.yaml");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return new CollectorKindSample($"{type.Namespace![(type.Namespace!.LastIndexOf('.') + 1)..]}/sample.yaml", reader.ReadToEnd());
    }
}
