namespace Ioc.Collectors.File;

/// <summary>A file whose content cannot be imported; the message names sheet, row and column where it can.</summary>
internal sealed class ReportException : Exception
{
    public ReportException(string message)
        : base(message)
    {
    }

    public ReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReportException()
    {
    }
}
