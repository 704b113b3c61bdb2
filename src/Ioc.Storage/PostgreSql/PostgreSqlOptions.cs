using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL server that keeps Ioc's configuration and Hangfire's jobs. Validation messages name the
/// setting and, at most, a key of the connection string: never a value, which may be the password.
/// </summary>
internal sealed class PostgreSqlOptions : IValidatableObject
{
    public const string Section = "Ioc:PostgreSql";

    private const string Setting = Section + ":ConnectionString";
    private const string Example = "e.g. Host=postgres;Port=5432;Database=ioc;Username=ioc;Password=…";

    [Required(AllowEmptyStrings = false, ErrorMessage = Setting + " is required (" + Example + ")")]
    public string ConnectionString { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield break;
        }

        var problem = Check(ConnectionString);
        if (problem is not null)
        {
            yield return new ValidationResult($"{Setting} {problem} ({Example}; the value is not shown, it may hold a password)", [nameof(ConnectionString)]);
        }
    }

    /// <summary>What is wrong with the connection string, in words that never quote its values.</summary>
    private static string? Check(string connectionString)
    {
        // Npgsql's own messages may quote the text they failed on, so the string is read in two steps whose
        // failures are described here instead: first its key=value shape, then each key on its own.
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "is not a list of key=value pairs separated by ';'";
        }

        var npgsql = new NpgsqlConnectionStringBuilder();
        foreach (string key in pairs.Keys)
        {
            try
            {
                npgsql[key] = pairs[key];
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                return npgsql.ContainsKey(key)
                    ? $"has a value for '{key}' that Npgsql does not accept"
                    : $"has the key '{key}', which Npgsql does not know";
            }
        }

        return string.IsNullOrWhiteSpace(npgsql.Host) ? "names no Host" : null;
    }

    /// <summary>The validated settings' data source (a connection pool); a wrong setting throws naming it.</summary>
    internal static Npgsql.NpgsqlDataSource CreateDataSource(Microsoft.Extensions.Options.IOptions<PostgreSqlOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(settings, new System.ComponentModel.DataAnnotations.ValidationContext(settings), validateAllProperties: true);
        return Npgsql.NpgsqlDataSource.Create(settings.ConnectionString);
    }
}
