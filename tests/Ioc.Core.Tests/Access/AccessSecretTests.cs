using Ioc.Core.Access;

namespace Ioc.Core.Tests.Access;

public class AccessSecretTests
{
    [Theory]
    [InlineData(SecretKind.DisplayToken, "ioc_d_")]
    [InlineData(SecretKind.ApiKey, "ioc_k_")]
    public void New_RoundTripsThroughItsText(SecretKind kind, string prefix)
    {
        var secret = AccessSecret.New(kind);

        Assert.StartsWith(prefix, secret.Text, StringComparison.Ordinal);
        Assert.True(AccessSecret.TryParse(secret.Text, kind, out var parsed));
        Assert.Equal(secret, parsed);
        Assert.True(parsed.Matches(secret.Hash));
    }

    [Fact]
    public void New_IsDifferentEveryTime()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => AccessSecret.New(SecretKind.ApiKey)).ToList();

        Assert.Equal(100, secrets.Select(s => s.Id).Distinct().Count());
        Assert.Equal(100, secrets.Select(s => s.Secret).Distinct().Count());
    }

    [Fact]
    public void TryParse_RefusesTheOtherKind()
    {
        var key = AccessSecret.New(SecretKind.ApiKey);

        Assert.False(AccessSecret.TryParse(key.Text, SecretKind.DisplayToken, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ioc_k_")]
    [InlineData("ioc_k_ABCDEF012345_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ioc_k_abcdef012345-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ioc_k_abcdef012345_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_RefusesMalformedText(string? text)
    {
        Assert.False(AccessSecret.TryParse(text, SecretKind.ApiKey, out _));
    }

    [Fact]
    public void Matches_IsFalse_ForAnotherSecretWithTheSameId()
    {
        var key = AccessSecret.New(SecretKind.ApiKey);
        var forged = key with { Secret = AccessSecret.New(SecretKind.ApiKey).Secret };

        Assert.False(forged.Matches(key.Hash));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var key = AccessSecret.New(SecretKind.ApiKey);

        Assert.DoesNotContain(key.Secret, key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, $"{key}", StringComparison.Ordinal);
    }
}

public class ApiKeyScopeTests
{
    private static ApiKey Key(params string[] prefixes) => new("k1", "telegraf", prefixes, "hash", null, "admin", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("dvc_records", true)]
    [InlineData("dvc_", true)]
    [InlineData("payments_online", true)]
    [InlineData("edoc_exchange", false)]
    [InlineData("DVC_records", false)]
    public void Allows_MeasurementsStartingWithAPrefix(string measurement, bool allowed)
    {
        Assert.Equal(allowed, Key("dvc_", "payments_").Allows(measurement));
    }

    [Fact]
    public void Allows_EveryMeasurement_WithTheEmptyPrefix()
    {
        Assert.True(Key("").Allows("anything"));
    }

    [Fact]
    public void IsActive_IsFalse_OnceRevoked()
    {
        Assert.False((Key("") with { RevokedAt = DateTimeOffset.UnixEpoch }).IsActive);
    }
}
