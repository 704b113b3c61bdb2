namespace Ioc.Server.Features.Plans;

/// <summary>The day a reading is for: now (sources judged now), or the end of a past day (values judged by their age alone).</summary>
internal readonly record struct AsOf(DateTimeOffset Time, DateOnly Day, bool Now)
{
    public static readonly TimeZoneInfo Province = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static AsOf Current(DateTimeOffset now) => new(now, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Province).DateTime), true);

    /// <summary>The end of <paramref name="day"/> in UTC, or now when that is earlier (today, or a day to come).</summary>
    public static AsOf Of(DateOnly day, DateTimeOffset now)
    {
        var end = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return end >= now ? new AsOf(now, day, true) : new AsOf(end, day, false);
    }
}
