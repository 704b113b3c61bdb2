using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Features.Sources;
using Ioc.Server.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ioc.Server.Tests.Features.Sources;

/// <summary>
/// The recorder writes a (source, measurement) pair once, then at most once per <see cref="SourceSeriesRecorder.RefreshEvery"/>,
/// into the server's real configuration store, and learns a collector's measurements from its successful runs only.
/// </summary>
public sealed class SourceSeriesRecorderTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new();
    private IocServer _server = null!;
    private ISourceSeriesStore _store = null!;
    private SourceSeriesRecorder _recorder = null!;

    public async Task InitializeAsync()
    {
        _server = await IocServer.StartAsync(signIn: false);
        _store = _server.Get<ISourceSeriesStore>();
        _recorder = new SourceSeriesRecorder(_store, _clock, NullLogger<SourceSeriesRecorder>.Instance);
        await _recorder.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Seen_WritesAPairOnce_AndRefreshesItsTimeOnlyAfterAMinute()
    {
        var first = _clock.GetUtcNow();
        _recorder.Seen("key:0a1b2c3d4e5f", ["air_quality", "air_quality"]);
        var stored = await PairAsync("air_quality", p => p is not null);
        Assert.InRange(stored.LastSeenAt, first.AddMilliseconds(-1), first.AddSeconds(5));

        _clock.Advance(TimeSpan.FromSeconds(30));
        _recorder.Seen("key:0a1b2c3d4e5f", ["air_quality", "water_level"]);
        await PairAsync("water_level", p => p is not null);
        Assert.Equal(stored, await PairAsync("air_quality", _ => true));

        _clock.Advance(TimeSpan.FromSeconds(31));
        _recorder.Seen("key:0a1b2c3d4e5f", ["air_quality"]);
        var refreshed = await PairAsync("air_quality", p => p!.LastSeenAt > stored.LastSeenAt);
        Assert.InRange(refreshed.LastSeenAt, first.AddSeconds(61), first.AddSeconds(66));
    }

    [Fact]
    public async Task Add_RecordsASuccessfulRunsMeasurements_AndNothingOfAFailedOne()
    {
        var slot = _clock.GetUtcNow();
        _recorder.Add(new CollectorRunResult("edoc-exchange", slot, CollectorRunOutcome.Failed, 0, TimeSpan.Zero, "HTTP 503", ["edoc_failed"]), replay: false);
        _recorder.Add(new CollectorRunResult("edoc-exchange", slot, CollectorRunOutcome.Succeeded, 12, TimeSpan.Zero, null, ["edoc_exchange"]), replay: true);

        var pair = await PairAsync("edoc_exchange", p => p is not null);
        Assert.Equal("collector:edoc-exchange", pair.Source);
        Assert.Empty(await _store.ListByMeasurementsAsync(["edoc_failed"]));
    }

    /// <summary>The pair of <paramref name="measurement"/> once it satisfies <paramref name="done"/>: writes land off the caller's path.</summary>
    private async Task<SourceSeries> PairAsync(string measurement, Func<SourceSeries?, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var pair = (await _store.ListByMeasurementsAsync([measurement])).SingleOrDefault();
            if (done(pair))
            {
                return pair!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{measurement}: not recorded as expected within 10 s ({pair})");
            await Task.Delay(50);
        }
    }
}
