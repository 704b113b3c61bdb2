using Serilog.Core;
using Serilog.Events;

namespace Ioc.Server.Access;

/// <summary>
/// Every log event passes here before any sink: a <c>p</c> query parameter (an API key, see
/// <see cref="QueryCredentials"/>) in any property, such as the server's "request starting" line that is written
/// before the first middleware runs, is replaced.
/// </summary>
internal sealed class CredentialRedaction : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? redacted = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && QueryCredentials.Redact(text) is var safe && !ReferenceEquals(safe, text))
            {
                (redacted ??= []).Add(new LogEventProperty(name, new ScalarValue(safe)));
            }
        }

        foreach (var property in redacted ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}
