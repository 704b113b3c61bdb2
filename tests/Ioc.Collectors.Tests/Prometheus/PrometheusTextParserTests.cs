using Ioc.Collectors.Prometheus;

namespace Ioc.Collectors.Tests.Prometheus;

public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Sample_WithLabelsValueAndTimestamp()
    {
        var sample = Parse("""http_requests_total{method="post",code="200"} 1027 1395066363000""").Single();

        Assert.Equal("http_requests_total", sample.Name);
        Assert.Equal([new("method", "post"), new("code", "200")], sample.Labels);
        Assert.Equal(1027, sample.Value);
        Assert.Equal(1395066363000, sample.TimestampMs);
        Assert.Equal(SamplePart.Value, sample.Part);
    }

    [Theory]
    [InlineData("metric_without_labels 12.47", 12.47)]
    [InlineData("m 1e3", 1000)]
    [InlineData("m -3.5E-2", -0.035)]
    [InlineData("m 1.7560473e+07", 17560473)]
    [InlineData("m +42", 42)]
    [InlineData("m .5", 0.5)]
    [InlineData("m NaN", double.NaN)]
    [InlineData("m +Inf", double.PositiveInfinity)]
    [InlineData("m -Inf", double.NegativeInfinity)]
    [InlineData("m inf", double.PositiveInfinity)]
    public void Values_AreGoFloats(string line, double expected)
    {
        Assert.Equal(expected, Parse(line).Single().Value);
    }

    [Fact]
    public void LabelValues_Unescape()
    {
        var sample = Parse("""msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9""").Single();

        Assert.Equal("C:\\DIR\\FILE.TXT", sample.Label("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", sample.Label("error"));
        Assert.Equal("", sample.Label("missing"));
    }

    [Fact]
    public void BlanksCommentsAndLooseSpacing_AreAccepted()
    {
        var samples = Parse(
            "\n" +
            "   \t\n" +
            "# just a comment\n" +
            "#\n" +
            "# HELP\tnode_load1 1m load average, with \\\\ and \\n in it.\n" +
            "\t node_load1 \t 0.5\n" +
            "m{ a = \"1\" , b=\"2\", } 3\n" +
            "m{} 4\n" +
            "m{a=\"x\"}5\n");

        Assert.Equal([(6, 0.5), (7, 3), (8, 4), (9, 5)], samples.Select(s => (s.Line, s.Value)));
        Assert.Equal([new("a", "1"), new("b", "2")], samples[1].Labels);
    }

    [Fact]
    public void HistogramAndSummaryParts_AreToldApartByTheirTypeLines()
    {
        var samples = Parse("""
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            untyped_bucket{le="1"} 3
            rpc_duration_seconds_bucket{le="1"} 3
            """);

        Assert.Equal(
            [
                ("rpc_duration_seconds", SamplePart.Quantile), ("rpc_duration_seconds", SamplePart.Sum), ("rpc_duration_seconds", SamplePart.Count),
                ("http_request_duration_seconds", SamplePart.Bucket), ("http_request_duration_seconds", SamplePart.Bucket),
                ("http_request_duration_seconds", SamplePart.Sum), ("http_request_duration_seconds", SamplePart.Count),
                ("untyped_bucket", SamplePart.Value), ("rpc_duration_seconds_bucket", SamplePart.Value),
            ],
            samples.Select(s => (s.Family, s.Part)));
    }

    [Theory]
    [InlineData("node_load1", "line 1, column 11: no value after node_load1")]
    [InlineData("node_load1 ", "line 1, column 12: no value after node_load1")]
    [InlineData("node_load1 abc", "line 1, column 12: 'abc' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)")]
    [InlineData("node_load1 1,5", "line 1, column 12: '1,5' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)")]
    [InlineData("node_load1 0x10", "line 1, column 12: '0x10' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)")]
    [InlineData("node_load1 Infinity1", "line 1, column 12: 'Infinity1' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)")]
    [InlineData("node_load1 1 2 3", "line 1, column 16: unexpected '3' after the timestamp")]
    [InlineData("node_load1 1 12.5", "line 1, column 14: '12.5' after the value is not a timestamp (whole milliseconds since 1970)")]
    [InlineData("node-load1 1", "line 1, column 5: '-' cannot be part of a metric name (letters, digits, '_' and ':')")]
    [InlineData("1node 1", "line 1, column 1: expected a metric name, found '1'")]
    [InlineData("{job=\"x\"} 1", "line 1, column 1: expected a metric name, found '{'")]
    [InlineData("m{job=\"x\" 1", "line 1, column 11: expected ',' or '}' after the value of label 'job', found '1'")]
    [InlineData("m{job=\"x\",", "line 1, column 2: the labels opened here are not closed with '}'")]
    [InlineData("m{job=\"x} 1", "line 1, column 7: the value of label 'job' has no closing '\"'")]
    [InlineData("m{job=x} 1", "line 1, column 7: the value of label 'job' must be in double quotes, found 'x'")]
    [InlineData("m{job} 1", "line 1, column 6: expected '=' after label name 'job', found '}'")]
    [InlineData("m{1job=\"x\"} 1", "line 1, column 3: expected a label name or '}', found '1'")]
    [InlineData("m{job.name=\"x\"} 1", "line 1, column 6: expected '=' after label name 'job', found '.'")]
    [InlineData("m{path=\"C:\\temp\"} 1", "line 1, column 11: '\\t' in the value of label 'path' is not an escape (only \\\\, \\\" and \\n are)")]
    [InlineData("m{a=\"1\",a=\"2\"} 1", "line 1, column 9: label 'a' appears twice")]
    [InlineData("# TYPE m gauges", "line 1, column 10: 'gauges' is not a metric type (counter, gauge, histogram, summary or untyped)")]
    [InlineData("# TYPE m", "line 1, column 9: # TYPE m without a type (counter, gauge, histogram, summary or untyped)")]
    [InlineData("# TYPE m gauge extra", "line 1, column 16: unexpected 'extra' after the type")]
    [InlineData("# TYPE", "line 1, column 7: # TYPE without a metric name")]
    [InlineData("# HELP 9m help", "line 1, column 8: expected the metric name after # HELP, found '9'")]
    public void MalformedLine_IsNamedWithLineColumnAndWhatIsWrong(string line, string expected)
    {
        var ex = Assert.Throws<PrometheusFormatException>(() => Parse($"# HELP m A metric.\n\n{line}"));

        Assert.Equal(expected.Replace("line 1,", "line 3,", StringComparison.Ordinal), ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void SecondTypeLine_ForOneMetric_IsAnError()
    {
        var ex = Assert.Throws<PrometheusFormatException>(() => Parse("# TYPE m gauge\nm 1\n# TYPE m counter"));

        Assert.Equal("line 3, column 10: a second # TYPE for m (the first is on line 1)", ex.Message);
    }

    private static List<PrometheusSample> Parse(string text)
    {
        var parser = new PrometheusTextParser();
        var samples = new List<PrometheusSample>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (parser.ParseLine(lines[i], i + 1) is { } sample)
            {
                samples.Add(sample);
            }
        }

        return samples;
    }
}
