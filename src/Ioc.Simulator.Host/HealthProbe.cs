namespace Ioc.Simulator.Host;

/// <summary>
/// <c>Ioc.Simulator.Host --health-probe URL</c>: exits 0 when the URL answers 2xx. The runtime's container image
/// carries no curl, so the host probes itself.
/// </summary>
internal static class HealthProbe
{
    public static bool IsRequested(string[] args) => args is ["--health-probe", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/healthz";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"health probe of {url} failed: {ex.Message}");
            return 1;
        }
    }
}
