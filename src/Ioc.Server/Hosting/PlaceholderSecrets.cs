using Microsoft.Extensions.Options;

namespace Ioc.Server.Hosting;

/// <summary>
/// Refuses to start while any Ioc setting still holds an example value from <c>.env.example</c> (<c>change-me…</c>),
/// naming each such setting: a copied example file must never become a working password. Connection strings are
/// searched too (<c>Password=change-me…</c>). The compose demo (<see cref="IocOptions.ComposeProfiles"/> holding
/// <c>demo</c>) is the one exception: a copied .env must start it, its databases are not published beyond the
/// compose network, and leaving the profile brings the refusal back.
/// </summary>
internal sealed partial class PlaceholderSecrets(IConfiguration configuration, ILogger<PlaceholderSecrets> logger) : IValidateOptions<IocOptions>
{
    public const string Marker = "change-me";

    public ValidateOptionsResult Validate(string? name, IocOptions options)
    {
        var found = Find(configuration).ToList();
        if (found.Count > 0 && options.IsComposeDemo)
        {
            LogDemoSecrets(logger, string.Join(", ", found));
            return ValidateOptionsResult.Success;
        }

        var failures = found
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

    [LoggerMessage(LogLevel.Warning, "Compose demo profile: example secrets from .env.example accepted in {Settings}; set real ones and leave the demo profile before real use")]
    private static partial void LogDemoSecrets(ILogger logger, string settings);
}
