using System.Text.Json;
using Ioc.Core.Collecting;

namespace Ioc.Collectors.HttpJson;

/// <summary>
/// GETs a JSON answer through <see cref="HttpSource"/> (redirects, size cap, error statuses and HTML pages are
/// handled there) and parses it; broken JSON is refused with the line and byte where it breaks.
/// </summary>
internal sealed class JsonSourceReader
{
    private readonly HttpSource _source;

    public JsonSourceReader(HttpSource source) => _source = source;

    public Task<JsonDocument> ReadAsync(string collectorId, Uri url, CancellationToken cancellationToken) =>
        _source.ReadAsync(collectorId, url, ParseAsync, cancellationToken);

    private static async Task<JsonDocument> ParseAsync(HttpAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(answer.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "";
            throw new CollectorException($"GET {answer.ShownUrl}: the answer ({answer.MediaType ?? "no Content-Type"}) is not valid JSON{at}", ex);
        }
    }
}
