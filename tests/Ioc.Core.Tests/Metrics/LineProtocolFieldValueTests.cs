using Ioc.Core.Metrics;
using static Ioc.Core.Tests.Metrics.Lines;

namespace Ioc.Core.Tests.Metrics;

// Field values: integers (i), unsigned (u), floats, booleans; string fields are refused, but skipped correctly.
public class LineProtocolFieldValueTests
{
    [Theory]
    [InlineData("m f=1i", 1d)]
    [InlineData("m f=-1i", -1d)]
    [InlineData("m f=0i", 0d)]
    [InlineData("m f=9223372036854775807i", 9223372036854775807d)]
    [InlineData("m f=-9223372036854775808i", -9223372036854775808d)]
    [InlineData("m f=1u", 1d)]
    [InlineData("m f=18446744073709551615u", 18446744073709551615d)]
    [InlineData("m f=1", 1d)]
    [InlineData("m f=1.0", 1d)]
    [InlineData("m f=-1.5", -1.5)]
    [InlineData("m f=81.17", 81.17)]
    [InlineData("m f=1e3", 1000d)]
    [InlineData("m f=1E3", 1000d)]
    [InlineData("m f=1.5e-3", 0.0015)]
    [InlineData("m f=-2.5E+2", -250d)]
    [InlineData("m f=1.7976931348623157E+308", double.MaxValue)]
    public void Parse_ReadsNumericFields(string line, double expected)
    {
        Assert.Equal(expected, Assert.Single(Single(line).Fields).Value);
    }

    [Theory]
    [InlineData("t", 1d)]
    [InlineData("T", 1d)]
    [InlineData("true", 1d)]
    [InlineData("True", 1d)]
    [InlineData("TRUE", 1d)]
    [InlineData("f", 0d)]
    [InlineData("F", 0d)]
    [InlineData("false", 0d)]
    [InlineData("False", 0d)]
    [InlineData("FALSE", 0d)]
    public void Parse_ReadsBooleanFields_AsOneAndZero(string literal, double expected)
    {
        Assert.Equal(expected, Assert.Single(Single($"m ok={literal}").Fields).Value);
    }

    [Theory]
    [InlineData("tRUE")]
    [InlineData("yes")]
    [InlineData("truee")]
    public void Parse_RefusesBooleanSpellingsOutsideTheSpec(string literal)
    {
        Assert.Contains("field 'ok' has an invalid value", ErrorOf($"m ok={literal}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m f=1.5i", "invalid integer")]
    [InlineData("m f=9223372036854775808i", "invalid integer")]
    [InlineData("m f=i", "invalid integer")]
    [InlineData("m f=-1u", "invalid unsigned integer")]
    [InlineData("m f=18446744073709551616u", "invalid unsigned integer")]
    [InlineData("m f=1.5u", "invalid unsigned integer")]
    [InlineData("m f=NaN", "invalid value")]
    [InlineData("m f=Infinity", "invalid value")]
    [InlineData("m f=-Infinity", "invalid value")]
    [InlineData("m f=1_000", "invalid value")]
    [InlineData("m f=1e", "invalid value")]
    [InlineData("m f=abc", "invalid value")]
    [InlineData("m f=0x10", "invalid value")]
    public void Parse_RefusesMalformedNumbers_NamingTheField(string line, string expected)
    {
        var reason = ErrorOf(line);

        Assert.Contains("field 'f'", reason, StringComparison.Ordinal);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesFloatOverflow_NamingTheField()
    {
        // 1e400 is not a finite double; the validator names the field.
        Assert.Contains("field 'f'", ErrorOf("m f=1e400"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"m s=""hello"" 1748692800000000000")]
    [InlineData(@"m s=""hello, world"" 1748692800000000000")]
    [InlineData(@"m s=""a \""quoted\"" word"",n=1")]
    [InlineData(@"m s=""ends with backslash \\"",n=1")]
    [InlineData(@"m s=""a = b , c""")]
    [InlineData(@"m s=""""")]
    public void Parse_RefusesStringFields_NamingTheField(string line)
    {
        var reason = ErrorOf(line);

        Assert.Contains("field 's' is a string", reason, StringComparison.Ordinal);
        Assert.Contains("numeric fields only", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NamesTheStringField_WhenItIsNotTheFirst()
    {
        Assert.Contains("field 'label' is a string", ErrorOf(@"m n=1,label=""x, y"" 1748692800000000000"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"m s=""never closed")]
    [InlineData(@"m s=""escaped close \""")]
    public void Parse_ReportsUnterminatedStringField(string line)
    {
        Assert.Contains("field 's' has an unterminated string value", ErrorOf(line), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsOnlyTheStringFieldLine_AndKeepsTheOthers()
    {
        var batch = Parse("m s=\"a \\\" b, c=d e\"\nm f=2");

        var error = Assert.Single(batch.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(2, Assert.Single(Assert.Single(batch.Points).Fields).Value);
    }
}
