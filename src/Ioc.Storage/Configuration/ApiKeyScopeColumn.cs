using Ioc.Core.Access;

namespace Ioc.Storage.Configuration;

/// <summary>How a key's scope is written in the <c>scope</c> column: fixed words, whatever the enum becomes.</summary>
internal static class ApiKeyScopeColumn
{
    public static string Write(ApiKeyScope scope) => scope switch
    {
        ApiKeyScope.Write => "write",
        ApiKeyScope.Metrics => "metrics",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown API key scope"),
    };

    public static ApiKeyScope Read(string keyId, string value) => value switch
    {
        "write" => ApiKeyScope.Write,
        "metrics" => ApiKeyScope.Metrics,
        _ => throw new InvalidDataException($"API key '{keyId}' has stored scope '{value}', unknown to this build of Ioc"),
    };
}
