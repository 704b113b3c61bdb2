namespace Ioc.Core.Collecting;

/// <summary>
/// A definition file (collector or dashboard) that cannot be used. Every problem names the file and the
/// field, e.g. <c>collectors/portal.yaml: spec.mappings[0].fields: at least one field is required</c>.
/// </summary>
public sealed class DefinitionException : Exception
{
    public DefinitionException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public DefinitionException(string message)
        : this([message])
    {
    }

    public DefinitionException()
        : this([])
    {
    }

    public DefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
