using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ioc.Server.Access;

/// <summary>
/// InfluxDB 1.x clients (and Grafana's InfluxQL source) may send the password as the query parameter <c>p</c>; for
/// Ioc it is an API key. The first middleware takes it out of the query string, before anything after it can log or
/// trace it, and keeps it in a request feature for <see cref="ApiKeyAuthenticationHandler"/>; only endpoints marked
/// with <see cref="AcceptQueryCredentials"/> take it. What ran before (the server's own "request starting" log and
/// trace) is covered by <see cref="Redact"/>, which the log applies to every event.
/// </summary>
internal static partial class QueryCredentials
{
    public const string Parameter = "p";

    public const string Redacted = "p=redacted";

    /// <summary>The key taken from the query string of this request.</summary>
    internal sealed record Presented(string Key);

    /// <summary>Marks an endpoint that takes the key from <c>p</c>, as InfluxDB's own endpoints do.</summary>
    internal sealed class AcceptedMetadata;

    public static TBuilder AcceptQueryCredentials<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AcceptedMetadata());

    public static IApplicationBuilder UseQueryCredentials(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.QueryString.HasValue && request.Query.TryGetValue(Parameter, out var values))
        {
            context.Features.Set(new Presented(values[0] ?? ""));
            request.QueryString = new QueryString(Redact(request.QueryString.Value!));
            RedactTags(Activity.Current);
        }

        return next(context);
    });

    /// <summary>The text with the value of every <c>p</c> query parameter in it replaced; the same string when there is none.</summary>
    public static string Redact(string text)
    {
        if (!text.Contains("p=", StringComparison.OrdinalIgnoreCase) && !text.Contains("0=", StringComparison.Ordinal))
        {
            return text;
        }

        return PasswordParameter().Replace(text, Redacted);
    }

    private static void RedactTags(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        var changed = activity.TagObjects
            .Where(t => t.Value is string s && !ReferenceEquals(Redact(s), s))
            .Select(t => (t.Key, Value: Redact((string)t.Value!)))
            .ToList();
        foreach (var (key, value) in changed)
        {
            activity.SetTag(key, value);
        }

        activity.DisplayName = Redact(activity.DisplayName);
    }

    // After ? or &, so "step=5" or "top=1" stay as they are; the query parser ignores case and decodes %70 and %50.
    [GeneratedRegex("(?<=[?&])(?:p|%70|%50)=[^&#\\s\"']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordParameter();
}
