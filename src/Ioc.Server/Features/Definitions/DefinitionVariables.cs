using Ioc.Core.Collecting;
using Ioc.Server.Features.Secrets;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Definitions;

/// <summary>
/// What <c>${NAME}</c> in a collector definition stands for: <c>Ioc:Variables</c>, and <c>SIMULATOR_URL</c> (this
/// server's own address) unless set; and what <c>${secret:NAME}</c> stands for: the secrets, decrypted, keyed
/// <c>secret:NAME</c>. Read again at every load, so a changed secret takes effect at the next reload.
/// </summary>
internal sealed class DefinitionVariables(IOptions<IocOptions> options, IConfiguration configuration, SecretVault secrets, SecretMask mask)
{
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, string>(options.Value.Variables, StringComparer.Ordinal);
        variables.TryAdd("SIMULATOR_URL", SelfUrl(configuration));
        foreach (var (key, value) in await secrets.ReadAllAsync(cancellationToken))
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>
    /// Problems of a definition read with these variables, with every secret value masked: a kind may quote the
    /// value it refused (<c>spec.url: '…' is not an absolute URL</c>), and that value may be a secret.
    /// </summary>
    public IReadOnlyList<string> Masked(IEnumerable<string> problems) => [.. problems.Select(p => mask.Mask(p))];

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
