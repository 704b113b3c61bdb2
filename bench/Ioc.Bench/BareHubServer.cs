using System.Globalization;
using Ioc.Server.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ioc.Bench;

/// <summary>
/// The fan-out baseline: a minimal ASP.NET Core app with one SignalR hub and nothing else (no authentication, no
/// store), which sends the same 24-point batch to one group once a second, in the shape each screen asked for. Run by the fan-out bench as its own
/// process: <c>Ioc.Bench bare-hub --urls=http://127.0.0.1:port</c>.
/// </summary>
internal static class BareHubServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The same JSON as Ioc's hub writes, so both send the same bytes.
        builder.Services.AddSignalR().AddJsonProtocol(o => LiveWire.Configure(o.PayloadSerializerOptions));
        builder.Services.AddSingleton<Sender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Sender>());
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        // The bench starts the messages once every screen is connected, as it starts writing to Ioc.
        app.MapPost("/start", (Sender sender) => sender.Start());
        app.MapHub<BareHub>("/hubs/live");
        await app.RunAsync();
        return 0;
    }

    private sealed class BareHub : Hub
    {
        public async Task<Subscription> SubscribeDashboard(string dashboardId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveWire.WantsCompact(Context) ? LiveHub.CompactDashboardGroup(dashboardId) : LiveHub.DashboardGroup(dashboardId));
            return new Subscription(Stream, new Dictionary<string, long>());
        }
    }

    private const string Stream = "bare";

    /// <summary>One batch a second to the dashboard's group, timestamped as it is built.</summary>
    private sealed class Sender(IHubContext<BareHub> hub) : BackgroundService
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Start() => _started.TrySetResult();

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await _started.Task.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            long second = 0;
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = DateTime.UtcNow.Subtract(DateTime.UnixEpoch).TotalMilliseconds;
                var batch = FanoutMessage.Batch(Stream, now, second++);
                // Like Ioc, to each shape's group (a group nobody is in costs nothing), and without waiting for slow
                // screens: the next batch leaves on the next second whatever happened to this one.
                _ = hub.Clients.Group(LiveHub.DashboardGroup(FanoutMessage.Dashboard)).SendAsync("Points", batch, stoppingToken);
                _ = hub.Clients.Group(LiveHub.CompactDashboardGroup(FanoutMessage.Dashboard))
                    .SendAsync("CompactPoints", new CompactLiveBatch(batch.Stream, batch.Points, batch.Dashboard), stoppingToken);
            }
        }
    }

    internal static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
