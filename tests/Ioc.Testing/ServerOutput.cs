using System.Diagnostics;

namespace Ioc.Testing;

/// <summary>The last lines a test server wrote to its standard output and error, for messages when it fails.</summary>
internal sealed class ServerOutput
{
    private const int MaxLines = 200;

    private readonly Queue<string> _lines = new();

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>Starts reading a process started with both outputs redirected.</summary>
    public void Follow(Process process)
    {
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
