using System.Net;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public class WebTests(DrinkPipelineAppFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadPageOffersTheFormWithAnAntiforgeryToken()
    {
        var html = await fixture.Web.GetStringAsync("/", Token);

        Assert.Contains("id=\"upload-form\"", html);
        Assert.Contains("__RequestVerificationToken", html);
        Assert.Contains("js/upload.js", html);
    }

    [Fact]
    public async Task PresignThroughTheWebBackendRequiresTheAntiforgeryToken()
    {
        using var response = await fixture.Web.PostAsync("/?handler=Presign",
            new StringContent("""{"barName":"Bar","drinkName":"Drink","fileName":"a.jpg","contentType":"image/jpeg","contentLength":10}""",
                System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SearchPageShowsTheImageOfAnUploadedDrink()
    {
        var bar = PipelineClient.Unique("Search Bar");
        await new PipelineClient(fixture).UploadAsync(bar, "Gimlet", TestImages.Png, "image/png", Token);

        var html = await fixture.Web.GetStringAsync($"/Search?bar={Uri.EscapeDataString(bar.ToLowerInvariant())}&drink=gimlet", Token);

        Assert.Contains("id=\"search-image\"", html);
        Assert.Contains(WebUtility.HtmlEncode(bar), html);
    }

    [Fact]
    public async Task SearchPageSaysPlainlyWhenThereIsNoPhoto()
    {
        var html = await fixture.Web.GetStringAsync($"/Search?bar={Uri.EscapeDataString(PipelineClient.Unique("Empty"))}&drink=Nothing", Token);

        Assert.Contains("id=\"search-message\"", html);
        Assert.Contains("yet", html);
    }
}
