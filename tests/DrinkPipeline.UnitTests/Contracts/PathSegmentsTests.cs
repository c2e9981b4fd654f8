using DrinkPipeline.Contracts;
namespace DrinkPipeline.UnitTests;

public class PathSegmentsTests
{
    [Theory]
    [InlineData("..", "!..")]
    [InlineData(".", "!.")]
    [InlineData("!..", "%21..")]
    [InlineData("...x", "...x")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("100%", "100%25")]
    [InlineData("Joe's Bar", "Joe%27s%20Bar")]
    public void EncodeKeepsTheNameInOneSegment(string name, string expected)
    {
        Assert.Equal(expected, PathSegments.Encode(name));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("Café Über & Co")]
    [InlineData("🍹 Tiki/Room")]
    [InlineData("100%")]
    [InlineData("!..")]
    [InlineData("!")]
    [InlineData("Yahoo!")]
    public void TryDecodeReversesEncode(string name)
    {
        Assert.True(PathSegments.TryDecode(PathSegments.Encode(name), out var decoded));
        Assert.Equal(name, decoded);
    }

    [Fact]
    public void EncodedDotNamesSurviveUriNormalisation()
    {
        var uri = new Uri($"http://localhost/api/bars/{PathSegments.Encode("..")}/drinks/{PathSegments.Encode(".")}");

        Assert.Equal("/api/bars/!../drinks/!.", uri.AbsolutePath);
    }

    [Fact]
    public void TryDecodeRefusesInvalidUtf8()
    {
        Assert.False(PathSegments.TryDecode("%ED%A0%80", out _));
    }
}
