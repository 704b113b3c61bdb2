using System.Text;
using Ioc.Collectors.File;
using Ioc.Core.Collecting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ioc.Collectors.Tests.File;

/// <summary>A watched folder of its own for one test, with the definition that watches it; removed afterwards.</summary>
internal sealed class Inbox : IDisposable
{
    public static readonly DateTimeOffset Slot = new(2024, 11, 5, 1, 0, 0, TimeSpan.Zero);

    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ioc-file-tests-{Guid.NewGuid():N}");

    public Inbox()
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(_root, "hop-thu")).FullName;
    }

    public string Path { get; }

    public static CollectContext Context => new("dvc-monthly-reports", Slot);

    /// <summary>Builds the kind's collector from YAML, as the loader would, with <c>${INBOX}</c> set to this folder.</summary>
    public IAcknowledgedCollector Collector(string spec)
    {
        var yaml = $"""
            apiVersion: ioc/v1
            id: dvc-monthly-reports
            kind: file
            schedule: "0 */10 * * * *"
            spec:
              folder: ${"{"}INBOX{"}"}
            {Indent(spec)}
            """;
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["INBOX"] = Path }, "collectors/dvc.yaml");
        return Assert.IsAssignableFrom<IAcknowledgedCollector>(new FileCollectorKind(NullLoggerFactory.Instance).Create(definition));
    }

    /// <summary>Writes a file that settled a minute ago, as a report copied in earlier.</summary>
    public string Write(string name, byte[] content)
    {
        var file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(file, content);
        System.IO.File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        return file;
    }

    public string WriteText(string name, string text, bool bom = true) =>
        Write(name, [.. (bom ? Encoding.UTF8.Preamble.ToArray() : []), .. new UTF8Encoding(false).GetBytes(text)]);

    public string WriteXlsx(string name, params XlsxPackage.Sheet[] sheets)
    {
        var file = System.IO.Path.Combine(Path, name);
        XlsxPackage.Write(file, sheets);
        System.IO.File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        return file;
    }

    /// <summary>File names in the folder or a subfolder, sorted; hidden ones (<c>.imported</c>) included.</summary>
    public IReadOnlyList<string> Files(string? subfolder = null)
    {
        var folder = subfolder is null ? Path : System.IO.Path.Combine(Path, subfolder);
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];
    }

    public string Read(string relativePath) => System.IO.File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test for it is not.
        }
    }

    private static string Indent(string spec) =>
        string.Join("\n", spec.Trim('\n').Split('\n').Select(l => "  " + l));
}
