namespace Ioc.Server.Hosting;

/// <summary>
/// <c>Ioc.Server --health-probe URL</c>: exits 0 when the URL answers 2xx. Container images of the
/// runtime carry no curl, so the server binary probes itself.
/// </summary>
public static class HealthProbe
{
    public static bool IsRequested(string[] args) => args is ["--health-probe", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
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
