using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Metrics;

public class MetricValidatorTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;

    private static readonly long Timestamp = UnixTime.ToNanoseconds(Now.AddHours(-1));

    private static readonly MetricValidator Validator = new(new FixedClock(Now), TimeSpan.FromHours(1));

    private static MetricPoint Point(
        string measurement = "m",
        IEnumerable<Tag>? tags = null,
        IEnumerable<Field>? fields = null,
        long? timestamp = null) =>
        new(measurement, tags ?? [new Tag("unit", "HT")], fields ?? [new Field("value", 1)], timestamp ?? Timestamp);

    private static string Refused(MetricPoint point)
    {
        var reason = Validator.Validate(point);
        Assert.NotNull(reason);
        return reason;
    }

    [Fact]
    public void Validate_AcceptsOrdinaryPoint()
    {
        Assert.Null(Validator.Validate(Point()));
    }

    [Fact]
    public void Validate_AcceptsVietnameseAndEscapableCharacters()
    {
        var point = Point("hồ sơ,=", [new Tag("phường", "Phường Hà Huy Tập"), new Tag("k=,", "\"v\"")], [new Field("đã xử lý", 3)]);

        Assert.Null(Validator.Validate(point));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_RefusesNonFiniteValues_NamingTheField(double value)
    {
        var reason = Refused(Point(fields: [new Field("ok", 1), new Field("rate", value)]));

        Assert.Contains("field 'rate'", reason, StringComparison.Ordinal);
        Assert.Contains("only finite numbers", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsExtremeFiniteValues()
    {
        Assert.Null(Validator.Validate(Point(fields: [new Field("a", double.MaxValue), new Field("b", double.MinValue), new Field("c", -0d)])));
    }

    [Fact]
    public void Validate_RefusesEmptyMeasurement()
    {
        Assert.Equal("measurement is empty", Refused(Point("")));
    }

    [Fact]
    public void Validate_RefusesEmptyTagKey()
    {
        Assert.Equal("tag key is empty", Refused(Point(tags: [new Tag("", "v")])));
    }

    [Fact]
    public void Validate_RefusesEmptyFieldKey()
    {
        Assert.Equal("field key is empty", Refused(Point(fields: [new Field("", 1)])));
    }

    [Fact]
    public void Validate_RefusesEmptyTagValue_NamingTheTag()
    {
        Assert.Equal("tag 'unit' has an empty value", Refused(Point(tags: [new Tag("unit", "")])));
    }

    [Fact]
    public void Validate_AcceptsNamesOfTheMaximumLength()
    {
        var name = new string('a', MetricValidator.MaxNameLength);
        var value = new string('v', MetricValidator.MaxTagValueLength);

        Assert.Null(Validator.Validate(Point(name, [new Tag(name, value)], [new Field(name, 1)])));
    }

    [Fact]
    public void Validate_RefusesOverLongMeasurement()
    {
        var reason = Refused(Point(new string('a', MetricValidator.MaxNameLength + 1)));

        Assert.StartsWith("measurement 'aaaa", reason, StringComparison.Ordinal);
        Assert.Contains($"is {MetricValidator.MaxNameLength + 1} characters, at most {MetricValidator.MaxNameLength}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesOverLongTagKey()
    {
        Assert.StartsWith("tag key 'kkkk", Refused(Point(tags: [new Tag(new string('k', MetricValidator.MaxNameLength + 1), "v")])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesOverLongFieldKey()
    {
        Assert.StartsWith("field key 'ffff", Refused(Point(fields: [new Field(new string('f', MetricValidator.MaxNameLength + 1), 1)])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesOverLongTagValue_NamingTheTag()
    {
        var reason = Refused(Point(tags: [new Tag("unit", new string('v', MetricValidator.MaxTagValueLength + 1))]));

        Assert.Contains("tag 'unit' value is", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\tb", "0009")]
    [InlineData("a\nb", "000A")]
    [InlineData("a\rb", "000D")]
    [InlineData("a\0b", "0000")]
    [InlineData("a\u007fb", "007F")]
    [InlineData("a\u0085b", "0085")]
    public void Validate_RefusesControlCharacters_InEveryName(string text, string code)
    {
        Assert.StartsWith("measurement 'a?b' contains control character U+" + code, Refused(Point(text)), StringComparison.Ordinal);
        Assert.StartsWith("tag key 'a?b' contains control character", Refused(Point(tags: [new Tag(text, "v")])), StringComparison.Ordinal);
        Assert.StartsWith("tag 'unit' value 'a?b' contains control character", Refused(Point(tags: [new Tag("unit", text)])), StringComparison.Ordinal);
        Assert.StartsWith("field key 'a?b' contains control character", Refused(Point(fields: [new Field(text, 1)])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesTrailingBackslash_InEveryName()
    {
        const string text = @"a\";

        Assert.Contains("ends with a backslash", Refused(Point(text)), StringComparison.Ordinal);
        Assert.Contains("tag key 'a\\' ends with a backslash", Refused(Point(tags: [new Tag(text, "v")])), StringComparison.Ordinal);
        Assert.Contains("tag 'unit' value 'a\\' ends with a backslash", Refused(Point(tags: [new Tag("unit", text)])), StringComparison.Ordinal);
        Assert.Contains("field key 'a\\' ends with a backslash", Refused(Point(fields: [new Field(text, 1)])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsBackslashInsideNames()
    {
        Assert.Null(Validator.Validate(Point(@"a\b", [new Tag(@"k\x", @"\v")], [new Field(@"f\\g", 1)])));
    }

    [Theory]
    [InlineData(" m")]
    [InlineData("m ")]
    public void Validate_RefusesLeadingOrTrailingSpace(string text)
    {
        Assert.Contains("leading or trailing white space", Refused(Point(text)), StringComparison.Ordinal);
        Assert.Contains("leading or trailing white space", Refused(Point(tags: [new Tag("unit", text)])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesMeasurementStartingWithHash()
    {
        Assert.Contains("starts with '#'", Refused(Point("#m")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time")]
    [InlineData("_x")]
    [InlineData("_measurement")]
    [InlineData("_")]
    public void Validate_RefusesReservedTagKeys(string key)
    {
        Assert.StartsWith($"tag key '{key}' is reserved", Refused(Point(tags: [new Tag(key, "v")])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time")]
    [InlineData("_x")]
    [InlineData("_field")]
    public void Validate_RefusesReservedFieldKeys(string key)
    {
        Assert.StartsWith($"field key '{key}' is reserved", Refused(Point(fields: [new Field(key, 1)])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Time")]
    [InlineData("times")]
    [InlineData("x_")]
    public void Validate_AcceptsKeysThatOnlyLookReserved(string key)
    {
        Assert.Null(Validator.Validate(Point(tags: [new Tag(key, "v")], fields: [new Field(key, 1)])));
    }

    [Fact]
    public void Validate_RefusesDuplicateTagKeys()
    {
        Assert.Equal("tag 'unit' appears twice", Refused(Point(tags: [new Tag("unit", "a"), new Tag("z", "z"), new Tag("unit", "b")])));
    }

    [Fact]
    public void Validate_RefusesDuplicateFieldKeys()
    {
        Assert.Equal("field 'v' appears twice", Refused(Point(fields: [new Field("v", 1), new Field("a", 1), new Field("v", 2)])));
    }

    [Fact]
    public void Validate_RefusesPointWithoutFields()
    {
        Assert.Equal("no fields", Refused(Point(fields: [])));
    }

    [Fact]
    public void Validate_LimitsTagAndFieldCounts()
    {
        var maxTags = Enumerable.Range(0, MetricValidator.MaxTags).Select(i => new Tag($"t{i:00}", "v")).ToList();
        var maxFields = Enumerable.Range(0, MetricValidator.MaxFields).Select(i => new Field($"f{i:00}", i)).ToList();

        Assert.Null(Validator.Validate(Point(tags: maxTags, fields: maxFields)));
        Assert.Equal($"{MetricValidator.MaxTags + 1} tags, at most {MetricValidator.MaxTags} allowed", Refused(Point(tags: [.. maxTags, new Tag("extra", "v")])));
        Assert.Equal($"{MetricValidator.MaxFields + 1} fields, at most {MetricValidator.MaxFields} allowed", Refused(Point(fields: [.. maxFields, new Field("extra", 1)])));
    }

    [Fact]
    public void Validate_AcceptsTimestampsAtTheLimits()
    {
        Assert.Null(Validator.Validate(Point(timestamp: UnixTime.ToNanoseconds(MetricValidator.Earliest))));
        Assert.Null(Validator.Validate(Point(timestamp: UnixTime.ToNanoseconds(Now.AddHours(1)))));
    }

    [Fact]
    public void Validate_RefusesTimestampBefore1990()
    {
        var reason = Refused(Point(timestamp: UnixTime.ToNanoseconds(MetricValidator.Earliest) - 1));

        Assert.Contains("1989-12-31 23:59:59Z", reason, StringComparison.Ordinal);
        Assert.Contains("is outside 1990-01-01 to now + 1 h", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesTimestampTooFarInTheFuture()
    {
        var reason = Refused(Point(timestamp: UnixTime.ToNanoseconds(Now.AddHours(1)) + 1));

        Assert.Contains("2025-06-01 01:00:00Z", reason, StringComparison.Ordinal);
        Assert.Contains("check the precision parameter", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MovesTheFutureLimit_WithTheClock()
    {
        var later = new MetricValidator(new FixedClock(Now.AddDays(2)), TimeSpan.FromHours(1));
        var timestamp = UnixTime.ToNanoseconds(Now.AddDays(1));

        Assert.NotNull(Validator.CheckTimestamp(timestamp));
        Assert.Null(later.CheckTimestamp(timestamp));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    public void CheckTimestamp_DescribesExtremeValues_WithoutThrowing(long timestamp)
    {
        var reason = Validator.CheckTimestamp(timestamp);

        Assert.NotNull(reason);
        Assert.StartsWith($"timestamp {timestamp} ns", reason, StringComparison.Ordinal);
    }
}
