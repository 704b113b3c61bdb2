using Ioc.Collectors.File;
using Ioc.Collectors.HttpJson;
using Ioc.Collectors.Manual;
using Ioc.Collectors.Prometheus;
using Ioc.Collectors.Sql;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ioc.Collectors;

/// <summary>A kind's sample definition, embedded from its folder's <c>sample.yaml</c>.</summary>
public sealed record CollectorKindSample(string Source, string Yaml);

/// <summary>
/// Every collector kind this build knows, registered in the container: one line per kind. A kind is a singleton
/// <see cref="ICollectorKind"/> and may take any service in its constructor; what it needs beyond that (a named HTTP
/// client, a database driver's setup) it adds itself, in the action given with it.
/// </summary>
public static class CollectorKinds
{
    public static IServiceCollection AddCollectorKinds(this IServiceCollection services) => services
        .AddCollectorKind<HttpJsonCollectorKind>(HttpJsonClient.Add)
        .AddCollectorKind<PrometheusCollectorKind>(s => HttpSource.AddClient(s, PrometheusCollectorKind.KindName))
        .AddCollectorKind<SqlCollectorKind>(s => s.AddLogging())
        .AddCollectorKind<FileCollectorKind>(s => s.AddLogging())
        .AddCollectorKind<ManualCollectorKind>();

    public static IServiceCollection AddCollectorKind<TKind>(this IServiceCollection services, Action<IServiceCollection>? addServices = null)
        where TKind : class, ICollectorKind
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICollectorKind, TKind>());
        addServices?.Invoke(services);
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
