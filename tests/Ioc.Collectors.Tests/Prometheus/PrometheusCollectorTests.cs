using Ioc.Collectors.Prometheus;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.Tests.Prometheus;

/// <summary>The <c>prometheus</c> kind against a real local server answering with exposition text.</summary>
public sealed class PrometheusCollectorTests : IClassFixture<ExpositionServer>
{
    private static readonly DateTimeOffset Slot = new(2025, 10, 15, 3, 30, 5, TimeSpan.Zero);

    private readonly ExpositionServer _server;

    public PrometheusCollectorTests(ExpositionServer server) => _server = server;

    [Fact]
    public async Task Name_SelectsEverySeriesOfTheMetric_WithItsLabelsAsTags_AtTheScheduledSlot()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - name: node_filesystem_avail_bytes
            """);

        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.Equal("node_filesystem_avail_bytes", p.Measurement));
        Assert.Equal([new("device", "/dev/mapper/vg0-root"), new("fstype", "ext4"), new("mountpoint", "/")], points[0].Tags.ToArray());
        Assert.Equal([new("value", 3.2198524928e+10)], points[0].Fields.ToArray());
        Assert.Equal([3.2198524928e+10, 4.81036337152e+11, 8.25950208e+08], points.Select(p => p.Fields[0].Value));
        Assert.All(points, p => Assert.Equal(UnixTime.ToNanoseconds(Slot), p.Timestamp));
        Assert.All(points, p => Assert.Null(MetricValidator.Default.Validate(p)));
    }

    [Fact]
    public async Task Labels_SelectOnlySeriesWithThoseValues()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - name: node_filesystem_avail_bytes
                labels: { fstype: xfs, mountpoint: /var/lib/postgresql }
            """);

        var point = Assert.Single(points);
        Assert.Equal("/dev/sdb1", point.Series.GetTag("device"));
        Assert.Equal(4.81036337152e+11, point.Fields[0].Value);
    }

    [Fact]
    public async Task EmptyLabelMatcher_TakesSamplesWithoutTheLabel()
    {
        var points = await CollectAsync($$"""
            url: ${BASE}{{_server.Serve("disk_io_seconds{device=\"sda\"} 1\ndisk_io_seconds{device=\"\"} 3\n")}}
            metrics:
              - { name: disk_io_seconds, labels: { device: "" }, field: total }
            """);

        // A label with an empty value is no label, in Prometheus and here.
        var point = Assert.Single(points);
        Assert.Empty(point.Tags);
        Assert.Equal([new("total", 3)], point.Fields.ToArray());
    }

    [Fact]
    public async Task Match_IsARegexOverTheWholeName()
    {
        var (collector, log) = Build("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - match: node_load[0-9]+
              - match: load1
            """);

        var points = await collector.CollectAsync(new CollectContext("dc-node", Slot), CancellationToken.None);

        Assert.Equal(["node_load1", "node_load15", "node_load5"], points.Select(p => p.Measurement));
        Assert.Equal([0.42, 0.31, 0.37], points.Select(p => p.Fields[0].Value));
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal("Collector dc-node for 2025-10-15T03:30:05.0000000+00:00: no sample of the answer matched metrics[1] (match load1)", message);
    }

    [Fact]
    public async Task EachSample_GoesToTheFirstSelectionThatTakesIt()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - { name: node_filesystem_avail_bytes, labels: { fstype: tmpfs }, measurement: tmpfs_avail_bytes }
              - { match: "node_filesystem_(avail|size)_bytes", tags: [mountpoint] }
            """);

        Assert.Equal(
            ["node_filesystem_avail_bytes,mountpoint=/", "node_filesystem_avail_bytes,mountpoint=/var/lib/postgresql", "tmpfs_avail_bytes,device=tmpfs,fstype=tmpfs,mountpoint=/run",
             "node_filesystem_size_bytes,mountpoint=/", "node_filesystem_size_bytes,mountpoint=/var/lib/postgresql", "node_filesystem_size_bytes,mountpoint=/run"],
            points.Select(p => p.Series.Text));
    }

    [Fact]
    public async Task MeasurementAndField_PutSeveralMetricsIntoOnePoint()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - { name: node_memory_MemAvailable_bytes, measurement: node_memory, field: available_bytes }
              - { name: node_memory_MemTotal_bytes, measurement: node_memory, field: total_bytes }
            """);

        var point = Assert.Single(points);
        Assert.Equal("node_memory", point.Measurement);
        Assert.Equal([new("available_bytes", 1.1726352384e+10), new("total_bytes", 1.6765566976e+10)], point.Fields.ToArray());
    }

    [Fact]
    public async Task Tags_KeepOnlyTheLabelsListed_AndTargetLabelsNameTheMachine()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            targetLabels: { job: node, instance: tttd-web-01 }
            metrics:
              - { name: node_filesystem_avail_bytes, labels: { job: node, mountpoint: / }, tags: [instance, mountpoint] }
              - { name: node_load1 }
              - { name: node_uname_info, excludeTags: [version, release, domainname] }
            """);

        Assert.Equal(
            ["node_filesystem_avail_bytes,instance=tttd-web-01,mountpoint=/", "node_load1,instance=tttd-web-01,job=node",
             "node_uname_info,instance=tttd-web-01,job=node,machine=x86_64,nodename=tttd-web-01,sysname=Linux"],
            points.Select(p => p.Series.Text));
    }

    [Fact]
    public async Task TargetLabels_GiveWayToTheExpositionsOwn()
    {
        // As when scraping a Prometheus server's /federate: the samples say which instance they come from.
        var points = await CollectAsync($$"""
            url: ${BASE}{{_server.Serve("up{instance=\"tttd-db-01:9100\",job=\"node\"} 1 1760499000000\nup{job=\"node\"} 0 1760499000000\n")}}
            targetLabels: { instance: prometheus-tttd }
            metrics: [ { name: up } ]
            """);

        Assert.Equal(["up,instance=tttd-db-01:9100,job=node", "up,instance=prometheus-tttd,job=node"], points.Select(p => p.Series.Text));
    }

    [Fact]
    public async Task Histogram_IsOneMeasurement_WithBucketPointsPerLe_AndSumAndCountInOnePoint()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/portal-app.prom
            metrics:
              - { name: http_request_duration_seconds, tags: [handler] }
            """);

        Assert.Equal(14, points.Count);
        Assert.All(points, p => Assert.Equal("http_request_duration_seconds", p.Measurement));
        var hoso = points.Where(p => p.Series.GetTag("handler") == "/api/hoso").ToList();
        Assert.Equal(
            [("0.05", 1204.0), ("0.1", 1873), ("0.25", 2310), ("0.5", 2391), ("1", 2402), ("+Inf", 2405)],
            hoso.Where(p => p.Series.GetTag("le") is not null).Select(p => (p.Series.GetTag("le")!, Assert.Single(p.Fields, f => f.Name == "bucket").Value)));
        var totals = Assert.Single(hoso, p => p.Series.GetTag("le") is null);
        Assert.Equal([new("count", 2405), new("sum", 287.31)], totals.Fields.ToArray());
        Assert.All(points, p => Assert.Null(MetricValidator.Default.Validate(p)));
    }

    [Fact]
    public async Task BucketName_SelectsOnlyTheBuckets_StillKeepingLe()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/portal-app.prom
            metrics:
              - { name: http_request_duration_seconds_bucket, labels: { handler: /api/thanhtoan }, tags: [] }
            """);

        Assert.Equal(["0.05", "0.1", "0.25", "0.5", "1", "+Inf"], points.Select(p => p.Series.GetTag("le")));
        Assert.All(points, p => Assert.Equal(["le"], p.Tags.Select(t => t.Key)));
        Assert.Equal([88.0, 131, 162, 170, 171, 171], points.Select(p => p.Fields[0].Value));
    }

    [Fact]
    public async Task Summary_GivesQuantilePoints_AndSumAndCount()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - { name: go_gc_duration_seconds, field: seconds }
            """);

        Assert.Equal(
            ["go_gc_duration_seconds,quantile=0", "go_gc_duration_seconds,quantile=0.25", "go_gc_duration_seconds,quantile=0.5",
             "go_gc_duration_seconds,quantile=0.75", "go_gc_duration_seconds,quantile=1", "go_gc_duration_seconds"],
            points.Select(p => p.Series.Text));
        Assert.Equal([2.8459e-05, 3.6742e-05, 4.4621e-05, 6.0357e-05, 0.000913376], points.Take(5).Select(p => Assert.Single(p.Fields, f => f.Name == "seconds").Value));
        Assert.Equal([new("count", 812), new("sum", 0.041298442)], points[5].Fields.ToArray());
    }

    [Fact]
    public async Task NaN_IsSkippedAndCounted_NotStored_AndTheLogSaysSo()
    {
        var (collector, log) = Build("""
            url: ${BASE}/data/node-exporter.prom
            metrics:
              - name: node_hwmon_temp_celsius
            """);

        var points = await collector.CollectAsync(new CollectContext("dc-node", Slot), CancellationToken.None);

        var point = Assert.Single(points);
        Assert.Equal("temp1", point.Series.GetTag("sensor"));
        var (level, message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal(
            "Collector dc-node skipped 1 NaN or infinite samples for 2025-10-15T03:30:05.0000000+00:00; only finite numbers are stored. " +
            "First: line 26: node_hwmon_temp_celsius{chip=\"platform_coretemp_0\",sensor=\"temp2\"} NaN",
            message);
    }

    [Fact]
    public async Task Infinities_AreSkippedAndCounted_LikeNaN()
    {
        var text = $$"""
            # TYPE queue_oldest_age_seconds gauge
            queue_oldest_age_seconds{queue="hoso"} +Inf
            queue_oldest_age_seconds{queue="thanhtoan"} -Inf
            queue_oldest_age_seconds{queue="vneid"} 1.25E+2
            queue_oldest_age_seconds{queue="lgsp",note="a\"b\nc{{'\u001b'}}[31m"} nan
            queue_oldest_age_seconds{queue="edoc"} Inf
            """;
        var collector = (PrometheusCollector)Build($"url: ${{BASE}}{_server.Serve(text)}\nmetrics: [ {{ name: queue_oldest_age_seconds }} ]").Collector;

        var result = await collector.ScrapeAsync(new CollectContext("q", Slot), CancellationToken.None);

        Assert.Equal(125, Assert.Single(result.Points).Fields[0].Value);
        Assert.Equal(4, result.NonFinite);
        Assert.Equal(
            ["line 2: queue_oldest_age_seconds{queue=\"hoso\"} +Inf", "line 3: queue_oldest_age_seconds{queue=\"thanhtoan\"} -Inf", "line 5: queue_oldest_age_seconds{queue=\"lgsp\",note=\"a\\\"b\\nc?[31m\"} NaN"],
            result.NonFiniteExamples);
    }

    [Fact]
    public async Task ExpositionTimestamps_AreNotUsed_PointsCarryTheSlot()
    {
        var points = await CollectAsync("""
            url: ${BASE}/data/portal-app.prom
            metrics: [ { name: portal_dossiers_received_total, tags: [unit_name] } ]
            """);

        Assert.Equal(["Phường Hà Huy Tập", "Xã Đức Thọ"], points.Select(p => p.Series.GetTag("unit_name")));
        Assert.All(points, p => Assert.Equal(UnixTime.ToNanoseconds(Slot), p.Timestamp));
    }

    [Fact]
    public async Task LabelEscapes_AreUnescaped_ForMatchersAndTags()
    {
        var path = _server.Serve("""
            # HELP share_free_bytes Dung lượng trống của thư mục chia sẻ "hồ sơ" \\ ổ D.
            # TYPE share_free_bytes gauge
            share_free_bytes{path="D:\\hoso\\2025",label="Dữ liệu \"hồ sơ\"",note="dòng 1\ndòng 2"} 1.2e10
            """);

        var points = await CollectAsync($$"""
            url: ${BASE}{{path}}
            metrics:
              - { name: share_free_bytes, labels: { note: "dòng 1\ndòng 2", path: 'D:\hoso\2025' }, tags: [path, label] }
            """);

        var point = Assert.Single(points);
        Assert.Equal([new("label", "Dữ liệu \"hồ sơ\""), new("path", "D:\\hoso\\2025")], point.Tags.ToArray());
        Assert.Equal(1.2e10, point.Fields[0].Value);
        Assert.Null(MetricValidator.Default.Validate(point));
    }

    [Fact]
    public async Task ALabelTheStoreCannotCarry_FailsTheRun_NamingLineAndLabel()
    {
        var path = _server.Serve("share_free_bytes{path=\"D:\\\\hoso\"} 1\nshare_free_bytes{path=\"E:\\\\data\",note=\"dòng 1\\ndòng 2\"} 2\n");

        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync($"url: ${{BASE}}{path}\nmetrics: [ {{ name: share_free_bytes }} ]"));

        Assert.Equal(
            $"GET {_server.BaseUrl}{path}: line 2: share_free_bytes cannot be stored: tag 'note' value 'dòng 1?dòng 2' contains control character U+000A; " +
            "leave such labels out with excludeTags or tags of metrics[0] (name share_free_bytes)",
            ex.Message);
    }

    [Fact]
    public async Task MalformedLine_FailsTheRun_NamingLineColumnAndWhatIsWrong()
    {
        var path = _server.Serve("""
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            node_load1 0.42
            node_load5 zero point four
            """);

        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync($"url: ${{BASE}}{path}\nmetrics: [ {{ name: node_load1 }} ]"));

        Assert.Equal(
            $"GET {_server.BaseUrl}{path}: the answer is not Prometheus text at line 4, column 12: 'zero' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)",
            ex.Message);
    }

    [Fact]
    public async Task TwoSamplesForOneField_FailTheRun_NamingBothLinesAndWhatTellsThemApart()
    {
        var ex = await Assert.ThrowsAsync<CollectorException>(() => CollectAsync("""
            url: ${BASE}/data/node-exporter.prom
            metrics: [ { name: node_filesystem_avail_bytes, tags: [fstype] }, { name: node_network_receive_bytes_total, tags: [] } ]
            """));

        Assert.Equal(
            $"GET {_server.BaseUrl}/data/node-exporter.prom: lines 44 and 45 would both be field 'value' of node_network_receive_bytes_total: " +
            "they differ only in device, which metrics[1] (name node_network_receive_bytes_total) does not keep as tags; keep them (tags, excludeTags)",
            ex.Message);
    }

    [Fact]
    public async Task WholeRealisticExposition_MapsWithoutLoss()
    {
        var collector = (PrometheusCollector)Build("""
            url: ${BASE}/data/node-exporter.prom
            targetLabels: { instance: tttd-web-01, job: node }
            metrics: [ { match: ".*" } ]
            """).Collector;

        var result = await collector.ScrapeAsync(new CollectContext("dc-node", Slot), CancellationToken.None);

        // 27 samples: one NaN skipped, and a summary's sum and count share a point.
        Assert.Equal(26, result.Samples);
        Assert.Equal(1, result.NonFinite);
        Assert.Equal(25, result.Points.Count);
        Assert.All(result.Points, p => Assert.Null(MetricValidator.Default.Validate(p)));
        Assert.Empty(result.Unmatched);
    }

    private async Task<IReadOnlyList<MetricPoint>> CollectAsync(string spec) =>
        await Build(spec).Collector.CollectAsync(new CollectContext("test", Slot), CancellationToken.None);

    private (ICollector Collector, RecordingLogger<PrometheusCollector> Log) Build(string spec) => PrometheusSpec.Build(_server, spec);
}
