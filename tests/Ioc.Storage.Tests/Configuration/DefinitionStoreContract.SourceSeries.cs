using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="ISourceSeriesStore"/> contract: which source writes which measurement, shared by every node.</summary>
public abstract partial class DefinitionStoreContract
{
    private static readonly DateTimeOffset Seen = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SourceSeries_AreListedByMeasurementAndBySource()
    {
        var series = (ISourceSeriesStore)await InitializedAsync();
        await series.RecordAsync([
            new("collector:portal-records", "dvc_records", Seen),
            new("collector:payments-online", "payments_online", Seen.AddSeconds(1)),
            new("key:0a1b2c3d4e5f", "dvc_records", Seen.AddSeconds(2)),
            new("key:0a1b2c3d4e5f", "air_quality", Seen.AddSeconds(3)),
        ]);

        var records = await series.ListByMeasurementsAsync(["dvc_records", "no_such_measurement"]);
        Assert.Equal(
            [new SourceSeries("collector:portal-records", "dvc_records", Seen), new SourceSeries("key:0a1b2c3d4e5f", "dvc_records", Seen.AddSeconds(2))],
            records);
        Assert.Equal(["air_quality", "dvc_records"], (await series.ListBySourcesAsync(["key:0a1b2c3d4e5f"])).Select(s => s.Measurement));
        Assert.Empty(await series.ListByMeasurementsAsync([]));
        Assert.Empty(await series.ListBySourcesAsync(["collector:nobody"]));
    }

    [Fact]
    public async Task SourceSeries_MoveForwardOnly_AndDoNotRaiseTheRevision()
    {
        var series = (ISourceSeriesStore)await InitializedAsync();
        var revision = await ((ICollectorStateStore)series).GetRevisionAsync();

        await series.RecordAsync([new("collector:portal-records", "dvc_records", Seen.AddMinutes(5))]);
        await series.RecordAsync([new("collector:portal-records", "dvc_records", Seen)]);
        await series.RecordAsync([new("collector:portal-records", "dvc_records", Seen.AddMinutes(7)), new("collector:portal-records", "dvc_records", Seen.AddMinutes(6))]);

        var pair = Assert.Single(await series.ListByMeasurementsAsync(["dvc_records"]));
        Assert.Equal(Seen.AddMinutes(7), pair.LastSeenAt);
        Assert.Equal(revision, await ((ICollectorStateStore)series).GetRevisionAsync());
    }

    [Fact]
    public async Task SourceSeries_RecordedByTwoNodes_AreAllKept()
    {
        var first = (ISourceSeriesStore)await InitializedAsync();
        var second = (ISourceSeriesStore)await InitializedAsync();

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 20; i++) { await first.RecordAsync([new("collector:a", $"m{i}", Seen.AddSeconds(i))]); } }),
            Task.Run(async () => { for (var i = 0; i < 20; i++) { await second.RecordAsync([new("key:b", $"m{i}", Seen.AddSeconds(i))]); } }));

        Assert.Equal(40, (await first.ListByMeasurementsAsync([.. Enumerable.Range(0, 20).Select(i => $"m{i}")])).Count);
    }
}
