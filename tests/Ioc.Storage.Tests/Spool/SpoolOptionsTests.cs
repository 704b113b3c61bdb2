using System.ComponentModel.DataAnnotations;
using Ioc.Storage.Spool;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolOptionsTests
{
    [Fact]
    public void Options_Defaults_AreValid()
    {
        var options = new SpoolOptions();

        Assert.Empty(Validate(options));
        Assert.Equal("data/spool", options.Path);
        Assert.Equal(1L << 30, options.MaxBytes);
        Assert.Equal(16L << 20, options.SegmentBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxBackoff);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ReplayStalledAfter);
    }

    [Theory]
    [InlineData(nameof(SpoolOptions.MaxBytes))]
    [InlineData(nameof(SpoolOptions.Path))]
    [InlineData(nameof(SpoolOptions.SegmentBytes))]
    [InlineData(nameof(SpoolOptions.InitialBackoff))]
    [InlineData(nameof(SpoolOptions.MaxBackoff))]
    [InlineData(nameof(SpoolOptions.MaxRetryAfter))]
    [InlineData(nameof(SpoolOptions.ReplayStalledAfter))]
    public void Options_AreRejected_NamingTheSetting_WhenOutOfRange(string setting)
    {
        var options = new SpoolOptions();
        switch (setting)
        {
            case nameof(SpoolOptions.MaxBytes):
                options.MaxBytes = 1_000;
                break;
            case nameof(SpoolOptions.Path):
                options.Path = "";
                break;
            case nameof(SpoolOptions.SegmentBytes):
                options.MaxBytes = 2 << 20;
                options.SegmentBytes = 4 << 20;
                break;
            case nameof(SpoolOptions.InitialBackoff):
                options.InitialBackoff = TimeSpan.FromMinutes(5);
                break;
            case nameof(SpoolOptions.MaxBackoff):
                options.MaxBackoff = TimeSpan.FromHours(2);
                break;
            case nameof(SpoolOptions.MaxRetryAfter):
                options.MaxRetryAfter = TimeSpan.FromDays(3);
                break;
            case nameof(SpoolOptions.ReplayStalledAfter):
                options.ReplayStalledAfter = TimeSpan.Zero;
                break;
        }

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(setting));
    }

    private static List<ValidationResult> Validate(SpoolOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
