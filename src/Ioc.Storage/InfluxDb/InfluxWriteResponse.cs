using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// What InfluxDB made of a write that it answered: stored, or some lines refused as invalid (400, 422; 413 for
/// a body over its limit). Anything else it answers is a store that cannot take data now, and never gets here.
/// </summary>
internal readonly partial record struct InfluxWriteResponse(bool Stored, string Error, int? Dropped)
{
    public static readonly InfluxWriteResponse Success = new(true, "", null);

    public static bool IsRefusal(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge;

    public static InfluxWriteResponse Refused(string error) => new(false, error, DroppedCount(error));

    /// <summary>
    /// InfluxDB's own words: the JSON body's <c>error</c> (1.x, 2.x), else its <c>message</c> (2.x), else the
    /// X-Influxdb-Error header, else the body as it came (3.x lists the failing lines there).
    /// </summary>
    public static string ErrorText(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                foreach (var name in (string[])["error", "message"])
                {
                    if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the raw text below says as much as anything.
            }
        }

        if (response.Headers.TryGetValues("X-Influxdb-Error", out var header))
        {
            return string.Join("; ", header);
        }

        const int MaxLength = 500;
        return trimmed.Length == 0 ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
            : trimmed.Length <= MaxLength ? trimmed
            : trimmed[..MaxLength] + "…";
    }

    /// <summary>
    /// 1.x and 2.x end a partial write's error with <c>dropped=N</c>: the points refused for their values (type
    /// conflicts, outside the retention policy). Lines that did not parse are not counted in it.
    /// </summary>
    private static int? DroppedCount(string error)
    {
        var match = DroppedPattern().Match(error);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var dropped) ? dropped : null;
    }

    [GeneratedRegex(@"\bdropped=(\d+)\s*$")]
    private static partial Regex DroppedPattern();
}
