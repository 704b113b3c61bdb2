using Microsoft.Extensions.Options;

namespace Ioc.Server.Hosting;

/// <summary>
/// Refuses to start while any Ioc setting still holds an example value from <c>.env.example</c> (<c>change-me…</c>),
/// naming each such setting: a copied example file must never become a working password. Connection strings are
/// searched too (<c>Password=change-me…</c>).
/// </summary>
internal sealed class PlaceholderSecrets(IConfiguration configuration) : IValidateOptions<IocOptions>
{
    public const string Marker = "change-me";

    public ValidateOptionsResult Validate(string? name, IocOptions options)
    {
        var failures = Find(configuration)
            .Select(key => $"{key} still holds the example value '{Marker}…' from .env.example; set a real secret (or leave it empty where empty is allowed)")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IEnumerable<string> Find(IConfiguration configuration) => configuration.AsEnumerable()
        .Where(e => e.Key.StartsWith(IocOptions.Section + ":", StringComparison.OrdinalIgnoreCase) && e.Value is { } value && IsPlaceholder(value))
        .Select(e => e.Key)
        .Order(StringComparer.Ordinal);

    private static bool IsPlaceholder(string value) =>
        value.Trim().StartsWith(Marker, StringComparison.OrdinalIgnoreCase)
        || value.Contains("=" + Marker, StringComparison.OrdinalIgnoreCase);
}
