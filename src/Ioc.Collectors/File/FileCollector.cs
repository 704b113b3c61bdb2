using System.IO.Enumeration;
using System.Security.Cryptography;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.File;

/// <summary>
/// Imports the report files in a watched folder. A run reads every settled file once and returns the points of the
/// good ones; moving files to <c>done/</c> or <c>failed/</c> and recording their hashes happens only in the
/// acknowledgement, after the runner stored the points. A failed write therefore moves nothing, and the next run
/// reads the same files again.
/// </summary>
internal sealed partial class FileCollector : IAcknowledgedCollector, IFileDropCollector
{
    public const string DoneFolder = "done";
    public const string FailedFolder = "failed";

    private static readonly EnumerationOptions Matching = new()
    {
        MatchType = MatchType.Simple,
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    private readonly string _folder;
    private readonly string _pattern;
    private readonly TimeSpan _settle;
    private readonly ReportLayout _layout;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public FileCollector(string folder, string pattern, TimeSpan settle, ReportLayout layout, TimeProvider clock, ILogger logger)
    {
        _folder = folder;
        _pattern = pattern;
        _settle = settle;
        _layout = layout;
        _clock = clock;
        _logger = logger;
    }

    private abstract record Outcome(string Path);

    private sealed record Imported(string Path, string Sha256, int Points) : Outcome(Path);

    private sealed record Duplicate(string Path) : Outcome(Path);

    private sealed record Broken(string Path, string Reason) : Outcome(Path);

    public bool Accepts(string fileName) =>
        FileSystemName.MatchesSimpleExpression(_pattern, fileName, ignoreCase: true) && fileName != ImportLedger.FileName;

    public async Task<string> DropAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(fileName);
        if (name.Length == 0 || name != fileName || name.StartsWith('.') || !Accepts(name))
        {
            throw new CollectorException($"'{fileName}' is not a file name this collector reads (pattern '{_pattern}')");
        }

        if (!Directory.Exists(_folder))
        {
            throw new CollectorException($"{_folder}: the watched folder does not exist");
        }

        // Written under a hidden name and renamed, so a run never reads half a file; dated back past the settle time,
        // since a renamed file is complete and the next run may take it at once.
        var temporary = Path.Combine(_folder, $".upload-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            System.IO.File.SetLastWriteTimeUtc(temporary, _clock.GetUtcNow().UtcDateTime - _settle - TimeSpan.FromSeconds(1));
            var stem = Path.GetFileNameWithoutExtension(name);
            var extension = Path.GetExtension(name);
            var target = Path.Combine(_folder, name);
            for (var n = 2; ; n++)
            {
                try
                {
                    System.IO.File.Move(temporary, target, overwrite: false);
                    return Path.GetFileName(target);
                }
                catch (IOException) when (System.IO.File.Exists(target) && n < 1000)
                {
                    target = Path.Combine(_folder, $"{stem} ({n}){extension}");
                }
            }
        }
        finally
        {
            System.IO.File.Delete(temporary);
        }
    }

    /// <summary>The points the folder holds now, without moving or recording anything.</summary>
    public async Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) =>
        (await CollectPendingAsync(context, cancellationToken)).Points;

    public async Task<CollectedBatch> CollectPendingAsync(CollectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Directory.Exists(_folder))
        {
            throw new CollectorException($"{_folder}: the watched folder does not exist");
        }

        var ledger = new ImportLedger(_folder);
        var known = ledger.Load();
        var points = new List<MetricPoint>();
        var outcomes = new List<Outcome>();
        var brokenThisRun = new Dictionary<string, string>(StringComparer.Ordinal);
        var settledBefore = _clock.GetUtcNow().UtcDateTime - _settle;
        foreach (var path in Directory.EnumerateFiles(_folder, _pattern, Matching).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (name == ImportLedger.FileName || System.IO.File.GetLastWriteTimeUtc(path) > settledBefore)
            {
                continue;
            }

            byte[] content;
            try
            {
                content = await System.IO.File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (IOException)
            {
                continue; // still held open by whoever is copying it in: the next run takes it
            }

            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            if (known.Contains(sha256))
            {
                outcomes.Add(new Duplicate(path));
                continue;
            }

            // A second copy of a broken file in the same run is just as broken, not a duplicate of an import.
            if (brokenThisRun.TryGetValue(sha256, out var reason))
            {
                outcomes.Add(new Broken(path, $"{name}: {reason}"));
                continue;
            }

            try
            {
                var format = _layout.Format ?? FormatOf(name);
                var read = ReportMapper.Read(content, format, _layout, context.Timestamp);
                points.AddRange(read);
                known.Add(sha256);
                outcomes.Add(new Imported(path, sha256, read.Count));
            }
            catch (ReportException ex)
            {
                brokenThisRun[sha256] = ex.Message;
                outcomes.Add(new Broken(path, $"{name}: {ex.Message}"));
            }
        }

        return new CollectedBatch(points, _ => Acknowledge(ledger, outcomes));
    }

    private static ReportFormat FormatOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".CSV" => ReportFormat.Csv,
        ".XLSX" => ReportFormat.Xlsx,
        var other => throw new ReportException($"'{other}' files are neither csv nor xlsx; set spec.format or narrow spec.pattern"),
    };

    private Task Acknowledge(ImportLedger ledger, List<Outcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            var name = Path.GetFileName(outcome.Path);
            switch (outcome)
            {
                case Imported imported:
                    ledger.Add(imported.Sha256, name, _clock.GetUtcNow());
                    LogImported(imported.Points, name, _folder);
                    MoveTo(DoneFolder, outcome.Path);
                    break;
                case Duplicate:
                    LogDuplicate(name, _folder);
                    MoveTo(DoneFolder, outcome.Path);
                    break;
                case Broken broken:
                    var moved = MoveTo(FailedFolder, outcome.Path);
                    System.IO.File.WriteAllText(moved + ".reason.txt", broken.Reason + "\n");
                    LogBroken(name, _folder, broken.Reason);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Moves into the subfolder under the same name, or "name (2).ext" when that is taken.</summary>
    private string MoveTo(string subfolder, string path)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, subfolder)).FullName;
        var stem = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        var target = Path.Combine(folder, Path.GetFileName(path));
        for (var n = 2; System.IO.File.Exists(target) || System.IO.File.Exists(target + ".reason.txt"); n++)
        {
            target = Path.Combine(folder, $"{stem} ({n}){extension}");
        }

        System.IO.File.Move(path, target);
        return target;
    }

    [LoggerMessage(LogLevel.Information, "Imported {Count} points from {File} in {Folder}; moved to done/")]
    private partial void LogImported(int count, string file, string folder);

    [LoggerMessage(LogLevel.Information, "{File} in {Folder} has the content of a report imported before; moved to done/ without storing it again")]
    private partial void LogDuplicate(string file, string folder);

    [LoggerMessage(LogLevel.Warning, "{File} in {Folder} cannot be imported and was moved to failed/: {Reason}")]
    private partial void LogBroken(string file, string folder, string reason);
}
