using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Ioc.Core.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator;

/// <summary>
/// <see cref="SimulatorOptions.RequestsPerMinute"/> per client address on the anonymous <c>/sim</c> group,
/// answered 429 with Retry-After beyond it. Requests from this machine that no proxy forwarded are the server's
/// own collectors (every few seconds, and hundreds at once when the start-up replay fills two hours): they are
/// never limited, so a replay can never be throttled into failing.
/// </summary>
internal sealed class SimulatorRateLimit : IRateLimiterPolicy<string>
{
    public const string PolicyName = "ioc-simulator";

    private readonly int _perMinute;

    public SimulatorRateLimit(IOptions<SimulatorOptions> options) => _perMinute = options.Value.RequestsPerMinute;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var address = httpContext.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        // A reverse proxy on this machine adds X-Forwarded-For; without Ioc:Proxy:KnownProxies its clients then share
        // the proxy's budget, which is still a limit rather than none.
        if (address is not null && IPAddress.IsLoopback(address) && !httpContext.Request.Headers.ContainsKey("X-Forwarded-For"))
        {
            return RateLimitPartition.GetNoLimiter("this machine");
        }

        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(address), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"at most {_perMinute} requests a minute to /sim from one address ({SimulatorOptions.SectionName}:RequestsPerMinute); retry in {seconds} s")
            .ExecuteAsync(context.HttpContext);
    }
}
