using System.Net;
using System.Text.RegularExpressions;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public partial class WebTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task UploadPageOffersTheFormWithAnAntiforgeryToken()
    {
        var html = await Fixture.Web.GetStringAsync("/", Token);

        Assert.Contains("id=\"upload-form\"", html);
        Assert.Contains("__RequestVerificationToken", html);
        Assert.Contains("js/upload.js", html);
    }

    [Fact]
    public async Task TheHomePagesMorePhotosLinkShowsTheNextTwelve()
    {
        var bar = PipelineClient.Unique("Feed Bar");
        for (var i = 0; i < 13; i++)
        {
            await Client.UploadAsync(bar, $"Drink {i}", TestImages.Jpeg, "image/jpeg", Token);
        }

        var first = await Fixture.Web.GetStringAsync("/", Token);
        var more = MoreLink().Match(first);
        Assert.True(more.Success, "the home page has no More photos link");
        var second = await Fixture.Web.GetStringAsync(WebUtility.HtmlDecode(more.Groups["href"].Value), Token);

        var firstIds = PhotoLinks().Matches(first).Select(match => match.Groups["id"].Value).ToList();
        var secondIds = PhotoLinks().Matches(second).Select(match => match.Groups["id"].Value).ToList();
        Assert.Equal((12, true), (firstIds.Count, secondIds.Count > 0));
        Assert.Empty(firstIds.Intersect(secondIds));
    }

    [GeneratedRegex("id=\"recent-more\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex MoreLink();

    [GeneratedRegex("""<a href="/p/(?<id>[0-9a-f]{32})">""")]
    private static partial Regex PhotoLinks();

    [Fact]
    public async Task PresignThroughTheWebBackendRequiresTheAntiforgeryToken()
    {
        using var response = await Fixture.Web.PostAsync("/?handler=Presign",
            new StringContent("""{"barName":"Bar","drinkName":"Drink","fileName":"a.jpg","contentType":"image/jpeg","contentLength":10}""",
                System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SearchPageShowsTheImageOfAnUploadedDrink()
    {
        var bar = PipelineClient.Unique("Search Bar");
        await Client.UploadAsync(bar, "Gimlet", TestImages.Png, "image/png", Token);

        var html = await Fixture.Web.GetStringAsync($"/Search?bar={Uri.EscapeDataString(bar.ToLowerInvariant())}&drink=gimlet", Token);

        Assert.Contains("id=\"search-image\"", html);
        Assert.Contains(WebUtility.HtmlEncode(bar), html);
    }

    [Fact]
    public async Task SearchPageSaysPlainlyWhenThereIsNoPhoto()
    {
        var html = await Fixture.Web.GetStringAsync($"/Search?bar={Uri.EscapeDataString(PipelineClient.Unique("Empty"))}&drink=Nothing", Token);

        Assert.Contains("id=\"search-message\"", html);
        Assert.Contains("yet", html);
    }

    [Fact]
    public async Task SearchPageOffersTheDrinksOtherPhotosAndShowsThePickedOne()
    {
        var bar = PipelineClient.Unique("Two Photo Bar");
        var older = await Client.UploadAsync(bar, "Daiquiri", TestImages.Jpeg, "image/jpeg", Token);
        var newer = await Client.UploadAsync(bar, "Daiquiri", TestImages.Png, "image/png", Token);
        var search = $"/Search?bar={Uri.EscapeDataString(bar)}&drink=Daiquiri";

        var newest = await Fixture.Web.GetStringAsync(search, Token);
        var picked = await Fixture.Web.GetStringAsync($"{search}&photo={older.UploadId}", Token);

        Assert.Contains(ObjectKeys.DisplayFor(newer.UploadId), SearchImageSource(newest));
        Assert.Contains($"photo={older.UploadId}", newest);
        Assert.Contains(ObjectKeys.DisplayFor(older.UploadId), SearchImageSource(picked));
        Assert.Contains($"photo={newer.UploadId}", picked);
    }

    [Fact]
    public async Task BarPageListsTheDrinksOfABarWhoseNameHasASlash()
    {
        var bar = PipelineClient.Unique("AC/DC Bar");
        await Client.UploadAsync(bar, "Whisky Sour", TestImages.Jpeg, "image/jpeg", Token);

        var html = await Fixture.Web.GetStringAsync($"/bars/{PathSegments.Encode(bar)}", Token);

        Assert.Contains($"<h1 id=\"bar-name\">{WebUtility.HtmlEncode(bar)}</h1>", html);
        Assert.Contains("Whisky Sour", html);
    }

    [Fact]
    public async Task PagesSendAContentSecurityPolicyThatAllowsOnlyThisSiteAndTheStorageOrigin()
    {
        using var response = await Fixture.Web.GetAsync("/", Token);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var storage = new Uri(Fixture.S3.Config.ServiceURL).GetLeftPart(UriPartial.Authority);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("style-src 'self';", policy);
        Assert.Contains($"connect-src 'self' {storage};", policy);
        Assert.Contains($"img-src 'self' blob: {storage};", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task OnlyTheHeicWorkerMayCompileWebAssemblyAndLibheifIsServedWithItsLicence()
    {
        using var page = await Fixture.Web.GetAsync("/", Token);
        using var worker = await Fixture.Web.GetAsync("/js/heic-worker.js", Token);

        Assert.DoesNotContain("wasm-unsafe-eval", string.Join(";", page.Headers.GetValues("Content-Security-Policy")));
        var workerPolicy = string.Join(";", worker.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", workerPolicy);
        Assert.DoesNotContain(" 'unsafe-eval'", workerPolicy);
        foreach (var (path, type) in new[] { ("libheif.js", "text/javascript"), ("libheif.wasm", "application/wasm"), ("LICENSE", "text/plain") })
        {
            using var response = await Fixture.Web.GetAsync($"/lib/libheif/{path}", Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("GNU Lesser General Public License", await Fixture.Web.GetStringAsync("/lib/libheif/LICENSE", Token));
    }

    [Fact]
    public async Task AShareThatReachesTheServerOpensTheUploadPageWhichSaysThePhotosDidNotArrive()
    {
        // The service worker normally takes shares; without it the photos cannot be carried over to the page.
        using var content = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Jpeg), "photos", "negroni.jpg" } };
        using var response = await Fixture.Web.PostAsync("/share-target", content, Token);

        // Followed as a GET (a 303), to the upload page.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/?shared=0", response.RequestMessage?.RequestUri?.PathAndQuery);
        Assert.Contains("id=\"upload-form\"", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Search?bar=Any&drink=Thing")]
    [InlineData("/bars/Any")]
    public async Task PagesHaveNoInlineScriptOrStyleForThePolicyToRelax(string path)
    {
        var html = await Fixture.Web.GetStringAsync(path, Token);

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotContain("//cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownPageIsAPlainNotFoundPage()
    {
        using var response = await Fixture.Web.GetAsync("/no/such/page", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Token);
        Assert.Contains("Page not found", html);
    }

    private static string SearchImageSource(string html) =>
        SearchImage().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";

    [GeneratedRegex("""<script(?![^>]*\ssrc=)[^>]*>""")]
    private static partial Regex InlineScript();

    [GeneratedRegex("""<style[\s>]|\sstyle=""")]
    private static partial Regex InlineStyle();

    [GeneratedRegex("""id="search-image" src="([^"]+)" """)]
    private static partial Regex SearchImage();
}
