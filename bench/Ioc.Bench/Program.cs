using Ioc.Bench;

// One subcommand per benchmark: `dotnet run -c Release --project bench/Ioc.Bench -- <name> [arguments]`.
// A new benchmark is one class with a RunAsync(string[]) and one line here.
var benchmarks = new (string Name, string Usage, Func<string[], Task<int>> RunAsync)[]
{
    ("store", "store [points]    write rate of the SQLite store against plain INSERTs, and a 240-bucket range query", StoreIngestBench.RunAsync),
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
