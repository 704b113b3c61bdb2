using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Reports;

/// <summary>The <c>Ioc:Reports</c> section: the leaders' weekly brief, where it is printed and who receives it.</summary>
public sealed class ReportOptions : IValidatableObject
{
    public const string Section = "Ioc:Reports";

    /// <summary>Build the brief on <see cref="Schedule"/>. It can always be built by hand from <c>/reports</c>.</summary>
    public bool WeeklyBrief { get; set; } = true;

    /// <summary>Cron in <see cref="TimeZone"/>: Monday 07:00 by default, for the week that ended the day before.</summary>
    [Required]
    public string Schedule { get; set; } = "0 7 * * 1";

    /// <summary>The province's calendar: weeks, days and times in the brief.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>
    /// Who receives it by e-mail (needs <c>Ioc:Smtp</c>); empty: it is only listed at <c>/reports</c>. An entry may
    /// hold several addresses separated by commas, as one environment variable can.
    /// </summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Every address of <see cref="Recipients"/>, blanks dropped.</summary>
    public IReadOnlyList<string> RecipientList =>
        [.. Recipients.SelectMany(r => r.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>Briefs kept; older ones are deleted after a new one is made.</summary>
    [Range(1, 10_000)]
    public int Keep { get; set; } = 156;

    /// <summary>The Chromium (or Chrome) program that prints the PDF; without it the brief is HTML only, and says why.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Communes listed at the top and at the bottom of each ranking.</summary>
    [Range(1, 50)]
    public int RankingRows { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var format = Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard;
        if (!Cronos.CronExpression.TryParse(Schedule, format, out _))
        {
            yield return new ValidationResult($"'{Schedule}' is not a cron expression", [nameof(Schedule)]);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a time zone this machine knows", [nameof(TimeZone)]);
        }

        foreach (var recipient in RecipientList)
        {
            if (!MimeKit.MailboxAddress.TryParse(recipient, out _))
            {
                yield return new ValidationResult($"'{recipient}' is not an e-mail address", [nameof(Recipients)]);
            }
        }
    }
}

/// <summary>The <c>Ioc:Smtp</c> section: the mail server the briefs are sent through.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Ioc:Smtp";

    /// <summary>Empty: no e-mail is sent.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (the default), <c>SslOnConnect</c> (port 465), <c>None</c> (a relay inside the network only).</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>IOC Hà Tĩnh &lt;ioc@hatinh.gov.vn&gt;</c>.</summary>
    public string From { get; set; } = "IOC <ioc@localhost>";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult($"'{From}' is not an e-mail address", [nameof(From)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("give both UserName and Password, or neither", [nameof(UserName), nameof(Password)]);
        }
    }
}
