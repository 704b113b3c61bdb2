using System.ComponentModel.DataAnnotations;

namespace Ioc.Storage.Sqlite;

/// <summary>Settings of the embedded store; validated by data annotations, so the host can <c>ValidateOnStart</c>.</summary>
public sealed class SqliteMetricStoreOptions : IValidatableObject
{
    /// <summary>The database file; a relative path resolves against the current directory. Its folder is created.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/ioc.db";

    /// <summary>How long a statement waits for a lock held by another connection before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield break;
        }

        // Readers use connections of their own, which an in-memory database would not share with the writer,
        // and the path is resolved as a file name, so a URI would name an odd file instead of what it says.
        if (Path.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || Path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Path '{Path}' is not a file path; the store needs a database file", [nameof(Path)]);
        }
        else if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || Path.EndsWith('/') || Path.EndsWith('\\'))
        {
            yield return new ValidationResult($"Path '{Path}' is not a valid file path", [nameof(Path)]);
        }
    }
}
