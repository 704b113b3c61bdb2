using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ioc.Server.Tests.Hosting;

/// <summary>A source system's own small web service on a free loopback port, for collectors made in a test to read.</summary>
public sealed class LocalSource : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSource(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public static async Task<LocalSource> StartAsync(Action<IEndpointRouteBuilder> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        routes(app);
        await app.StartAsync();
        return new LocalSource(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
