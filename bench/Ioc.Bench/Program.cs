using Ioc.Bench;

// One subcommand per benchmark: `dotnet run -c Release --project bench/Ioc.Bench -- <name> [arguments]`.
// A new benchmark is one class with a RunAsync(string[]) and one line here.
var benchmarks = new (string Name, string Usage, Func<string[], Task<int>> RunAsync)[]
{
    ("store", "store [points]    write rate of the SQLite store against plain INSERTs, and a 240-bucket range query", StoreIngestBench.RunAsync),
    ("ingest", "ingest [points]   points/s through POST /api/v1/write against writing the same points to the store", IngestHttpBench.RunAsync),
    ("hub", "hub [clients] [n] post-to-client delivery time of the live hub against the POST round trip", HubDeliveryBench.RunAsync),
    ("influx", "influx [batches] [clients] [rounds] [--no-sqlite] [--Ioc:setting=value…]  points/s of 5,000-line batches through Ioc's /api/v1/write (its own process, InfluxDB store) against posting them straight to influxd's /write, then into the SQLite store", InfluxIngestBench.RunAsync),
    ("spool", "spool [points]    replay rate of the durable spool after an outage against writing straight to the store, and its append rate", SpoolReplayBench.RunAsync),
    ("scheduling", "scheduling [collectors] [minutes] [settings…]  start lag of collectors all due on one second, Hangfire on PostgreSQL, against the earlier settings", SchedulingBench.RunAsync),
    ("wall-soak", "wall-soak [updates] [rate/s] [window min] [restarts]  JS heap of a kiosk wall in Chromium over 100,000 live updates, against its heap once the windows are full; then reconnect-to-resynced after server restarts", WallSoakBench.RunAsync),
    ("fanout", "fanout [screens,…] [pairs] [seconds] [Ioc settings…]  latency, memory per connection and CPU per message of live fan-out to wall screens, against a bare SignalR hub in the same run", FanoutBench.RunAsync),
    ("fanout-cluster", "fanout-cluster [screens,…] [rounds] [seconds] [--compact] [Ioc settings…]  the same fan-out on two Ioc nodes sharing Redis, PostgreSQL and InfluxDB, against one node with and without Redis, with every screen checked to receive each batch exactly once, in order", FanoutClusterBench.RunAsync),
    ("bare-hub", "bare-hub --urls=…  the fan-out baseline's server (started by fanout)", BareHubServer.RunAsync),
    ("first-paint", "first-paint [runs] [sqlite,influx] [server dll]  navigation to every panel drawn, 12 panels over 30 days of one-minute data, cold and warm, against its data request alone and the 0.5 s goal", FirstPaintBench.RunAsync),
    ("data-storm", "data-storm <baseline Ioc.Server.dll> [screens] [rounds] [influx,sqlite]  a room of screens asking for one dashboard's data at once (a resync after an outage): time until all are answered and CPU, against another build on the same data", DataStormBench.RunAsync),
    ("startup", "startup [runs]    process start to first live update on the wall, against start to healthy", StartupBench.RunAsync),
};

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : default;
if (chosen.RunAsync is null)
{
    Console.Error.WriteLine("usage: Ioc.Bench <benchmark> [arguments]");
    foreach (var benchmark in benchmarks)
    {
        Console.Error.WriteLine($"  {benchmark.Usage}");
    }

    return 2;
}

return await chosen.RunAsync(args[1..]);
