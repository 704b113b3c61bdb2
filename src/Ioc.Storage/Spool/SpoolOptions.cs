using System.ComponentModel.DataAnnotations;

namespace Ioc.Storage.Spool;

/// <summary>
/// Settings of the durable write spool (section <c>Ioc:Storage:Spool</c>); validated by data annotations, so the
/// host can <c>ValidateOnStart</c>.
/// </summary>
public sealed class SpoolOptions : IValidatableObject
{
    public const string Section = "Ioc:Storage:Spool";

    /// <summary>The spool's own folder (segment files and the checkpoint); created when missing.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/spool";

    /// <summary>
    /// Bytes of points waiting to be replayed; a write that would go beyond is refused (503 to senders). The disk
    /// holds at most this plus the already replayed part of one segment.
    /// </summary>
    [Range(typeof(long), "1048576", "9223372036854775807")]
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>Size at which a new segment file is started; replayed segments are deleted whole.</summary>
    [Range(typeof(long), "4096", "1073741824")]
    public long SegmentBytes { get; set; } = 16L << 20;

    /// <summary>First wait before the replayer tries the store again, doubled on each failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a store's Retry-After is honoured, by the replayer and by refused senders. A server may ask for
    /// anything, and a huge (or hostile) value would otherwise stall replay for days or overflow a timer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long replay may keep failing, with points waiting, before <see cref="SpoolStatus.ReplayStalled"/> says so
    /// (for <c>/readyz</c>): long enough to ride out a restart of the store, short enough that a wrong token is noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ReplayStalledAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Points per replay write: small spooled batches are joined up to this, so a spool of collector runs is not
    /// replayed one fsynced checkpoint per run. Matches InfluxDB's recommended 5,000 lines per request.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReplayBatchPoints { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Path) && Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            yield return new ValidationResult($"Path '{Path}' is not a valid folder path", [nameof(Path)]);
        }

        if (InitialBackoff > MaxBackoff)
        {
            yield return new ValidationResult(
                $"InitialBackoff ({InitialBackoff}) is longer than MaxBackoff ({MaxBackoff})", [nameof(InitialBackoff), nameof(MaxBackoff)]);
        }

        if (SegmentBytes > MaxBytes)
        {
            yield return new ValidationResult(
                $"SegmentBytes ({SegmentBytes}) is larger than MaxBytes ({MaxBytes})", [nameof(SegmentBytes), nameof(MaxBytes)]);
        }
    }
}
