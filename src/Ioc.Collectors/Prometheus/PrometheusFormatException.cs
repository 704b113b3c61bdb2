namespace Ioc.Collectors.Prometheus;

/// <summary>A line of the answer that is not Prometheus text; the message says where and what.</summary>
internal sealed class PrometheusFormatException : FormatException
{
    public PrometheusFormatException(int line, int column, string problem)
        : base($"line {line}, column {column}: {problem}")
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    public PrometheusFormatException()
    {
    }

    public PrometheusFormatException(string message)
        : base(message)
    {
    }

    public PrometheusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }

    public string Problem { get; } = "";
}
