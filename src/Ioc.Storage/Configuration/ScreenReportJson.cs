using System.Text.Json;
using Ioc.Core.Screens;

namespace Ioc.Storage.Configuration;

/// <summary>A heartbeat's report as one JSON column: it grows with what screens tell, without a migration each time.</summary>
internal static class ScreenReportJson
{
    public static string Write(ScreenReport report) => JsonSerializer.Serialize(report, JsonSerializerOptions.Web);

    public static ScreenReport Read(string json) =>
        JsonSerializer.Deserialize<ScreenReport>(json, JsonSerializerOptions.Web) ?? throw new InvalidDataException("screen report is null");
}
