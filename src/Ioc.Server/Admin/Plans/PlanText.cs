using System.Globalization;
using Ioc.Core.Plans;

namespace Ioc.Server.Admin.Plans;

/// <summary>How the plan pages write numbers, dates (in the reader's language) and statuses' resource names.</summary>
internal static class PlanText
{
    public static string Number(double? value, string? unit)
    {
        if (value is not { } v)
        {
            return "–";
        }

        var digits = Math.Abs(v) >= 1000 || unit == "hạng" ? 0 : Math.Abs(v) >= 100 ? 1 : 2;
        var text = Math.Round(v, digits).ToString("#,0.##", CultureInfo.CurrentCulture);
        return unit is null or "hạng" ? text : unit == "%" ? text + "%" : $"{text} {unit}";
    }

    public static string Date(DateOnly? day) => day is { } d ? d.ToString("d", CultureInfo.CurrentCulture) : "";

    public static string Key(TargetStatus status) => "Status_" + status;

    public static string Key(PlanTaskStatus status) => "Task_" + status;

    public static string Css(TargetStatus status) => status switch
    {
        TargetStatus.Met => "met",
        TargetStatus.OnTrack => "on-track",
        TargetStatus.AtRisk => "at-risk",
        TargetStatus.Overdue => "overdue",
        _ => "no-data",
    };

    public static string Css(PlanTaskStatus status) => status switch
    {
        PlanTaskStatus.Done => "done",
        PlanTaskStatus.InProgress => "in-progress",
        PlanTaskStatus.NotStarted => "not-started",
        _ => "overdue",
    };

    public static string Basis(LegalBasis basis) => $"{basis.Number} ({Date(basis.Date)}, {basis.Issuer}): {basis.Title}";

    /// <summary>A date from <c>?asOf=YYYY-MM-DD</c>, or null for now.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 1971 ? day : null;
}
