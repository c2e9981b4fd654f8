using DrinkPipeline.Contracts;
namespace DrinkPipeline.UnitTests;

public class UploadRequestRulesTests
{
    private const long Limit = 20 * 1024 * 1024;

    [Fact]
    public void ValidateAcceptsAnOrdinaryRequest()
    {
        Assert.Empty(UploadRequestRules.Validate(new UploadRequest("Joe's Bar", "Mojito", "m.jpg", "image/jpeg", 1234), Limit));
    }

    [Theory]
    [InlineData("", "Mojito", "image/jpeg", 10L, "barName")]
    [InlineData("Bar", "  ", "image/jpeg", 10L, "drinkName")]
    [InlineData("Bar", "Mo\u0007jito", "image/jpeg", 10L, "drinkName")]
    [InlineData("Bar", "Mojito", "text/html", 10L, "contentType")]
    [InlineData("Bar", "Mojito", "image/svg+xml", 10L, "contentType")]
    [InlineData("Bar", "Mojito", null, 10L, "contentType")]
    [InlineData("Bar", "Mojito", "image/jpeg", 0L, "contentLength")]
    [InlineData("Bar", "Mojito", "image/jpeg", -1L, "contentLength")]
    [InlineData("Bar", "Mojito", "image/jpeg", null, "contentLength")]
    [InlineData("Bar", "Mojito", "image/jpeg", Limit + 1, "contentLength")]
    public void ValidateNamesTheFieldAtFault(string? bar, string? drink, string? contentType, long? length, string field)
    {
        var errors = UploadRequestRules.Validate(new UploadRequest(bar, drink, "f.jpg", contentType, length), Limit);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void ValidateRejectsNamesTooLongOnceEncoded()
    {
        // 100 characters each is allowed, but escaped ideographic spaces take 9 bytes apiece in the key.
        var name = "x" + new string('\u3000', 98) + "x";

        var errors = UploadRequestRules.Validate(new UploadRequest(name, name, "f.jpg", "image/png", 10), Limit);

        Assert.Contains("too long once encoded", Assert.Single(errors["barName"]));
    }
}
