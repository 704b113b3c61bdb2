using System.ComponentModel.DataAnnotations;

namespace Ioc.Storage.Sqlite;

/// <summary>The file of the embedded configuration store, bound from <c>Ioc:Configuration:Sqlite</c>.</summary>
internal sealed class SqliteDefinitionStoreOptions : IValidatableObject
{
    public const string Section = "Ioc:Configuration:Sqlite";

    /// <summary>The database file; a relative path resolves against the current directory. Its folder is created.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":Path is required")]
    public string Path { get; set; } = "data/ioc-config.db";

    /// <summary>How long a statement waits for another process's write before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = Section + ":BusyTimeout must be between 1 s and 10 min")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield break;
        }

        // Every call opens a connection of its own, which an in-memory database would not share.
        if (Path.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || Path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"{Section}:Path '{Path}' is not a file path; the store needs a database file", [nameof(Path)]);
        }
        else if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || Path.EndsWith('/') || Path.EndsWith('\\'))
        {
            yield return new ValidationResult($"{Section}:Path '{Path}' is not a valid file path", [nameof(Path)]);
        }
    }
}
