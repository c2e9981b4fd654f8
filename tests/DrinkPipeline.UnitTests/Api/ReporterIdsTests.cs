extern alias api;

using api::DrinkPipeline.Api;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests;

public sealed class ReporterIdsTests
{
    private static ReporterIds Ids(string key = "0123456789abcdef0123456789abcdef") => new(Options.Create(new PagingOptions { CursorKey = key }));

    [Theory]
    [InlineData("2001:db8:1:a::1", "2001:db8:1:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8:1::", "2001:db8:1:1234::99")]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7")]
    public void AddressesOfOneBlockAreOneReporter(string first, string second)
    {
        Assert.Equal(Ids().Of(first), Ids().Of(second));
    }

    [Theory]
    [InlineData("2001:db8:1::1", "2001:db8:2::1")]
    [InlineData("203.0.113.7", "203.0.113.8")]
    public void OtherBlocksAreOtherReporters(string first, string second)
    {
        Assert.NotEqual(Ids().Of(first), Ids().Of(second));
    }

    [Fact]
    public void TheIdIsKeyedAndKeepsNoAddress()
    {
        var id = Ids().Of("203.0.113.7");

        Assert.NotEqual(id, Ids("another-key-of-at-least-sixteen").Of("203.0.113.7"));
        Assert.DoesNotContain("203", id, StringComparison.Ordinal);
        Assert.Equal(22, id.Length);
    }

    [Fact]
    public void AnIpv6AddressIsGroupedByItsFirst48Bits()
    {
        Assert.Equal("2001:db8:1::/48", ClientGroups.Of("2001:0db8:0001:abcd:1:2:3:4"));
        Assert.Equal("203.0.113.7", ClientGroups.Of("::ffff:203.0.113.7"));
        Assert.Equal("unknown", ClientGroups.Of("unknown"));
    }
}
