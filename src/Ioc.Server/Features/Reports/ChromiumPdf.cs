using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Reports;

/// <summary>
/// Prints a page to PDF with headless Chromium, the browser the walls already use, so the PDF looks like the page.
/// Each print has its own profile folder and is killed when it outlasts <see cref="ReportOptions.PdfTimeout"/>.
/// </summary>
internal sealed partial class ChromiumPdf(IOptions<ReportOptions> options, ILogger<ChromiumPdf> logger)
{
    /// <summary>The PDF, or the reason there is none (Chromium missing, failed or too slow).</summary>
    public async Task<(byte[]? Pdf, string? Error)> PrintAsync(string html, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!File.Exists(settings.ChromiumPath))
        {
            return (null, $"no PDF: Chromium was not found at {settings.ChromiumPath} (Ioc:Reports:ChromiumPath)");
        }

        var folder = Directory.CreateTempSubdirectory("ioc-print-");
        try
        {
            var page = Path.Combine(folder.FullName, "brief.html");
            var pdf = Path.Combine(folder.FullName, "brief.pdf");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            var start = new ProcessStartInfo(settings.ChromiumPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // The page is ours and has no script; the sandbox needs privileges a container seldom has.
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.PdfTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (null, $"no PDF: Chromium did not finish within {settings.PdfTimeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0 || !File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                var error = await output;
                LogFailed(process.ExitCode, error.Length > 2000 ? error[..2000] : error);
                return (null, $"no PDF: Chromium exited with code {process.ExitCode}");
            }

            return (await File.ReadAllBytesAsync(pdf, cancellationToken), null);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A profile file still held by a dying Chromium; the temporary folder is cleaned up by the system.
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Printing a report to PDF failed: Chromium exited with code {ExitCode}: {Output}")]
    private partial void LogFailed(int exitCode, string output);
}
