using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Share links that last: <c>/p/{uploadId}</c> and its image address carry no expiring signature; each visit gets a
/// fresh presigned URL. A removed photo answers 410 (its record is kept as a tombstone), an unknown one 404.
/// </summary>
[Collection(AppCollection.Name)]
public partial class ShareLinkTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task APhotoIsFoundByItsUploadIdAndAReuploadShowsTheEarlierPhoto()
    {
        var bar = PipelineClient.Unique("Share Bar");
        var photo = await Client.UploadAsync(bar, "Spritz", TestImages.Jpeg, "image/jpeg", Token);
        var again = await Client.UploadAsync(bar, "Spritz", TestImages.Jpeg, "image/jpeg", Token);

        var found = await Fixture.Api.GetFromJsonAsync<PhotoResponse>($"/api/photos/{photo.UploadId}", PipelineClient.Json, Token);
        var duplicate = await Fixture.Api.GetFromJsonAsync<PhotoResponse>($"/api/photos/{again.UploadId}", PipelineClient.Json, Token);

        Assert.Equal((photo.UploadId, bar, "Spritz", 320, 240), (found!.UploadId, found.BarName, found.DrinkName, found.Width, found.Height));
        Assert.Contains(ObjectKeys.DisplayFor(photo.UploadId), found.DisplayUrl);
        Assert.Equal(photo.UploadId, again.DuplicateOf);
        Assert.Contains(ObjectKeys.DisplayFor(photo.UploadId), duplicate!.DisplayUrl);
    }

    [Fact]
    public async Task ASharePageCarriesPreviewMetaWhoseImageAddressRedirectsToAFreshPresignedUrl()
    {
        var bar = PipelineClient.Unique("Preview Bar");
        var photo = await Client.UploadAsync(bar, "Americano", TestImages.Png, "image/png", Token);

        var html = await Fixture.Web.GetStringAsync($"/p/{photo.UploadId}", Token);

        var imageUrl = Meta(html, "og:image");
        Assert.Equal(new Uri(Fixture.Web.BaseAddress!, $"/p/{photo.UploadId}/image").ToString(), imageUrl);
        Assert.Equal(new Uri(Fixture.Web.BaseAddress!, $"/p/{photo.UploadId}").ToString(), Meta(html, "og:url"));
        Assert.Equal($"Americano at {bar}", Meta(html, "og:title"));
        Assert.Equal("summary_large_image", Meta(html, "twitter:card"));

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Fixture.Web.BaseAddress };
        using var first = await noRedirects.GetAsync(imageUrl, Token);
        await Task.Delay(TimeSpan.FromSeconds(1.1), Token);
        using var second = await noRedirects.GetAsync(imageUrl, Token);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        // Signed anew at each visit (the signature's date moves), and cached for less than the URL lives (15 minutes).
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.InRange(first.Headers.CacheControl!.MaxAge!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        using var storage = new HttpClient();
        var bytes = await storage.GetByteArrayAsync(first.Headers.Location, Token);
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
    }

    [Fact]
    public async Task ARemovedPhotosLinkIsGoneAndAnUnknownOneIsNotFound()
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Gone Bar"), "Bramble", TestImages.Jpeg, "image/jpeg", Token);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/photos/{photo.UploadId}");
        delete.Headers.Add("X-Admin-Key", Fixture.AdminKey);
        (await Fixture.Api.SendAsync(delete, Token)).Dispose();
        var unknown = Guid.CreateVersion7().ToString("N");

        using var removedApi = await Fixture.Api.GetAsync($"/api/photos/{photo.UploadId}", Token);
        using var unknownApi = await Fixture.Api.GetAsync($"/api/photos/{unknown}", Token);
        using var removedPage = await Fixture.Web.GetAsync($"/p/{photo.UploadId}", Token);
        using var unknownPage = await Fixture.Web.GetAsync($"/p/{unknown}", Token);
        using var removedImage = await Fixture.Web.GetAsync($"/p/{photo.UploadId}/image", Token);

        await ProblemAssert.IsProblemAsync(removedApi, HttpStatusCode.Gone, "was removed");
        await ProblemAssert.IsProblemAsync(unknownApi, HttpStatusCode.NotFound);
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.NotFound, HttpStatusCode.Gone), (removedPage.StatusCode, unknownPage.StatusCode, removedImage.StatusCode));
        Assert.Contains("This photo was removed.", await removedPage.Content.ReadAsStringAsync(Token));
        Assert.Contains("There is no photo at this link.", await unknownPage.Content.ReadAsStringAsync(Token));
    }

    private static string Meta(string html, string property)
    {
        var match = MetaTag().Matches(html).FirstOrDefault(tag => tag.Groups["name"].Value == property);
        Assert.True(match is not null, $"no <meta> for {property}");
        return WebUtility.HtmlDecode(match.Groups["content"].Value);
    }

    [GeneratedRegex("""<meta (?:property|name)="(?<name>[^"]+)" content="(?<content>[^"]*)" />""")]
    private static partial Regex MetaTag();
}
