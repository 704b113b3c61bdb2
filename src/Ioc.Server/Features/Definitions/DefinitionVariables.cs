using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Definitions;

/// <summary>
/// What <c>${NAME}</c> in a collector definition stands for: <c>Ioc:Variables</c>, and <c>SIMULATOR_URL</c> (this
/// server's own address) unless set.
/// </summary>
internal sealed class DefinitionVariables(IOptions<IocOptions> options, IConfiguration configuration)
{
    public Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, string>(options.Value.Variables, StringComparer.Ordinal);
        variables.TryAdd("SIMULATOR_URL", SelfUrl(configuration));
        return Task.FromResult<IReadOnlyDictionary<string, string>>(variables);
    }

    /// <summary>The first URL this server listens on, as a client on this machine reaches it.</summary>
    private static string SelfUrl(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5080";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/');
        return first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
    }
}
