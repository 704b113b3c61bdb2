using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.HttpJson;

/// <summary>The named <see cref="HttpClient"/> the <c>http-json</c> kind asks the factory for, set up as every HTTP kind's.</summary>
internal static class HttpJsonClient
{
    public static void Add(IServiceCollection services) => HttpSource.AddClient(services, HttpJsonCollectorKind.KindName);
}
