using System.ComponentModel.DataAnnotations;
using MetricPrecision = Ioc.Core.Metrics.Precision;
using Ioc.Core.Metrics;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// Where and how the production store reaches InfluxDB through its v1-compatible HTTP API (1.x natively, 2.x and
/// 3.x through their v1 compatibility endpoints). Messages name the full setting so a wrong value stops start-up
/// with its name; they never quote <see cref="Token"/> or <see cref="Password"/>.
/// </summary>
public sealed class InfluxDbMetricStoreOptions : IValidatableObject
{
    public const string Section = "Ioc:Storage:InfluxDb";

    /// <summary>InfluxDB accepts more, but its documentation recommends 5,000 lines per request.</summary>
    public const int MaxBatchSize = 5_000;

    /// <summary>Base URL, e.g. <c>http://influxdb:8086</c>; a path prefix (a reverse proxy's) is kept.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":Url is required (e.g. http://influxdb:8086)")]
    public string Url { get; set; } = "";

    /// <summary>The v1 database; on 2.x the bucket's name or its DBRP mapping.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":Database is required (e.g. ioc)")]
    public string Database { get; set; } = "ioc";

    /// <summary>Empty for the database's default retention policy.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>API token of 2.x and 3.x, sent as <c>Authorization: Token …</c> (their v1-compatibility scheme).</summary>
    public string? Token { get; set; }

    /// <summary>1.x authentication, sent as HTTP Basic so it never appears in a URL or an access log.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Timestamp precision of writes: <c>ns</c>, <c>us</c>, <c>ms</c> or <c>s</c>. Timestamps are truncated to it,
    /// so with the default <c>ms</c> two points of one series less than a millisecond apart land on the same time
    /// and the later one wins. Coarser precision makes requests smaller and InfluxDB's compression better.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = Section + ":Precision is required (ns, us, ms or s)")]
    public string Precision { get; set; } = "ms";

    [Range(1, MaxBatchSize, ErrorMessage = Section + ":BatchSize must be between {1} and {2} lines per request")]
    public int BatchSize { get; set; } = MaxBatchSize;

    /// <summary>
    /// Compress request bodies; line protocol shrinks about tenfold. Worth it across a network; on the same machine
    /// (compose's own <c>influxdb</c> included) compressing and inflating only cost both processes CPU, so turn it off.
    /// </summary>
    public bool Gzip { get; set; } = true;

    /// <summary>
    /// With <see cref="Gzip"/>, compress also when <see cref="Url"/> names a loopback address (<c>localhost</c>,
    /// <c>127.0.0.1</c>, <c>::1</c>): off by default, since nothing crosses a wire there.
    /// </summary>
    public bool GzipOnLoopback { get; set; }

    /// <summary>Whether write bodies are compressed, after <see cref="Gzip"/> and <see cref="GzipOnLoopback"/>.</summary>
    internal bool CompressesWrites => Gzip && (GzipOnLoopback || !Uri.TryCreate(Url, UriKind.Absolute, out var url) || !url.IsLoopback);

    /// <summary>Per request; a write or query that takes longer counts as the store being unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = Section + ":Timeout must be between {1} and {2}")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest Retry-After of InfluxDB (or a proxy before it) that is passed on; a longer one is cut to this, so
    /// a huge or hostile value can neither stall the spool's replay for days nor overflow a timer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = Section + ":MaxRetryAfter must be between {1} and {2}")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    internal MetricPrecision WritePrecision =>
        PrecisionExtensions.TryParse(Precision, out var precision) ? precision : MetricPrecision.Milliseconds;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Url))
        {
            var problem = CheckUrl(Url);
            if (problem is not null)
            {
                yield return new ValidationResult(problem, [nameof(Url)]);
            }
        }

        foreach (var (name, value) in new[] { (nameof(Database), Database), (nameof(RetentionPolicy), RetentionPolicy), (nameof(Username), Username) })
        {
            if (!string.IsNullOrEmpty(value) && (value != value.Trim() || value.Any(char.IsControl)))
            {
                yield return new ValidationResult($"{Section}:{name} '{value.Trim()}' has leading or trailing white space or control characters", [name]);
            }
        }

        if (!string.IsNullOrWhiteSpace(Precision) && Precision is not ("ns" or "us" or "ms" or "s"))
        {
            yield return new ValidationResult($"{Section}:Precision '{Precision}' is not one of ns, us, ms, s", [nameof(Precision)]);
        }

        var hasToken = !string.IsNullOrEmpty(Token);
        var hasUser = !string.IsNullOrEmpty(Username);
        var hasPassword = !string.IsNullOrEmpty(Password);
        if (hasToken && (hasUser || hasPassword))
        {
            yield return new ValidationResult(
                $"{Section}:Token and {Section}:Username/Password are both set; use Token for InfluxDB 2.x/3.x or Username/Password for 1.x",
                [nameof(Token), nameof(Username)]);
        }
        else if (hasPassword && !hasUser)
        {
            yield return new ValidationResult($"{Section}:Password is set without {Section}:Username", [nameof(Password)]);
        }

        // An HTTP header carries printable ASCII only, and tokens of 2.x and 3.x are made of it.
        if (hasToken && Token!.Any(c => c is <= ' ' or > '~'))
        {
            // Described, never quoted: it is a secret.
            yield return new ValidationResult(
                $"{Section}:Token contains white space, control or non-ASCII characters (the value is not shown)", [nameof(Token)]);
        }
    }

    private static string? CheckUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // A URL with credentials in it is not quoted either.
            var shown = url.Contains('@', StringComparison.Ordinal) ? "(not shown)" : $"'{url}'";
            return $"{Section}:Url {shown} is not an absolute http(s) URL (e.g. http://influxdb:8086)";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{Section}:Url carries credentials; set {Section}:Token or Username/Password instead (the URL is not shown)";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            // Not quoted: a query is where 1.x credentials (u=, p=) would sit.
            return $"{Section}:Url has a query or fragment; give the base URL only (e.g. http://influxdb:8086; the URL is not shown)";
        }

        return null;
    }
}
