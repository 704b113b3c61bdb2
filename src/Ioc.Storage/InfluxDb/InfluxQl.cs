using System.Globalization;
using System.Text;
using Ioc.Core.Storage;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// The InfluxQL the store sends. Names and tag values are always quoted, never pasted: InfluxQL's scanner reads
/// <c>\\</c>, <c>\"</c>, <c>\'</c> and <c>\n</c> inside quotes, so any text, Vietnamese or emoji included, is
/// carried exactly. <c>::field</c> and <c>::tag</c> keep a field and a tag of the same name apart.
/// </summary>
internal static class InfluxQl
{
    /// <summary>
    /// One bucket per <c>GROUP BY time</c> interval. InfluxDB aligns those intervals to the Unix epoch, as
    /// <see cref="BucketPlan"/> does, so the width alone fixes the same buckets, and the time column is each bucket's start.
    /// </summary>
    public static string Range(RangeQuery query, BucketPlan plan, string? retentionPolicy)
    {
        var sb = new StringBuilder(160);
        sb.Append("SELECT ").Append(Function(query.Aggregation)).Append('(');
        AppendIdentifier(sb, query.Selector.Field);
        sb.Append("::field) FROM ");
        AppendSource(sb, query.Selector.Measurement, retentionPolicy);
        sb.Append(" WHERE time >= ").Append(Ns(query.From)).Append(" AND time < ").Append(Ns(query.To));
        AppendTagConditions(sb, query.Selector.Tags, first: false);
        sb.Append(" GROUP BY time(").Append(Ns(plan.Width)).Append("), * fill(none)");
        return sb.ToString();
    }

    /// <summary>last() without a time grouping answers with the point's own time.</summary>
    public static string Last(SeriesSelector selector, string? retentionPolicy)
    {
        var sb = new StringBuilder(120);
        sb.Append("SELECT last(");
        AppendIdentifier(sb, selector.Field);
        sb.Append("::field) FROM ");
        AppendSource(sb, selector.Measurement, retentionPolicy);
        AppendTagConditions(sb, selector.Tags, first: true);
        sb.Append(" GROUP BY *");
        return sb.ToString();
    }

    /// <summary>The series keys of one measurement, as line-protocol text (<c>m,k=v</c>).</summary>
    public static string ShowSeries(string measurement, string? retentionPolicy, int limit)
    {
        var sb = new StringBuilder(80);
        sb.Append("SHOW SERIES FROM ");
        AppendSource(sb, measurement, retentionPolicy);
        sb.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public static string Function(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Mean => "mean",
        Aggregation.Min => "min",
        Aggregation.Max => "max",
        Aggregation.Last => "last",
        Aggregation.Sum => "sum",
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown aggregation"),
    };

    public static string Identifier(string name) => AppendQuoted(new StringBuilder(name.Length + 2), name, '"').ToString();

    public static string StringLiteral(string text) => AppendQuoted(new StringBuilder(text.Length + 2), text, '\'').ToString();

    private static void AppendSource(StringBuilder sb, string measurement, string? retentionPolicy)
    {
        if (!string.IsNullOrEmpty(retentionPolicy))
        {
            AppendIdentifier(sb, retentionPolicy);
            sb.Append('.');
        }

        AppendIdentifier(sb, measurement);
    }

    private static void AppendTagConditions(StringBuilder sb, IReadOnlyDictionary<string, string> tags, bool first)
    {
        // Sorted, so one selector always gives the same text.
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? " WHERE " : " AND ");
            first = false;
            AppendIdentifier(sb, key);
            sb.Append("::tag = ");
            AppendQuoted(sb, value, '\'');
        }
    }

    private static void AppendIdentifier(StringBuilder sb, string name) => AppendQuoted(sb, name, '"');

    private static StringBuilder AppendQuoted(StringBuilder sb, string text, char quote)
    {
        sb.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '"' or '\'' when c == quote:
                    sb.Append('\\').Append(c);
                    break;
                case '\n':
                    // A raw newline ends a quoted string in InfluxQL; the validator keeps them out of names anyway.
                    sb.Append(@"\n");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.Append(quote);
    }

    private static string Ns(long nanoseconds) => nanoseconds.ToString(CultureInfo.InvariantCulture) + "ns";
}
