using System.Net;
using System.Net.Http.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The read side the web pages browse with: a drink's photos, a bar's drinks, the recent feed.</summary>
[Collection(AppCollection.Name)]
public class BrowseApiTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task PhotosOfADrinkAreListedNewestFirstWithRenditionsThatLoad()
    {
        var bar = PipelineClient.Unique("Gallery Bar");
        var first = await Client.UploadAsync(bar, "Old Fashioned", TestImages.Jpeg, "image/jpeg", Token);
        var second = await Client.UploadAsync(bar, "Old Fashioned", TestImages.Png, "image/png", Token);

        var list = await Fixture.Api.GetFromJsonAsync<PhotoList>(PhotosPath(bar.ToLowerInvariant(), "old fashioned"), PipelineClient.Json, Token);

        Assert.Equal((bar, "Old Fashioned"), (list!.BarName, list.DrinkName));
        Assert.Equal([second.UploadId, first.UploadId], list.Photos.Select(photo => photo.UploadId));
        var newest = list.Photos[0];
        Assert.Equal((64, 64), (newest.Width, newest.Height));
        await AssertWebpAsync(newest.ThumbnailUrl);
        await AssertWebpAsync(newest.DisplayUrl);
    }

    [Fact]
    public async Task PhotosOfAnUnknownDrinkIsANotFoundProblem()
    {
        using var response = await Fixture.Api.GetAsync(PhotosPath(PipelineClient.Unique("Nowhere"), "Nothing"), Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BarsDrinkListCarriesEachDrinksThumbnail()
    {
        var bar = PipelineClient.Unique("Thumbnail Bar");
        await Client.UploadAsync(bar, "Paloma", TestImages.Jpeg, "image/jpeg", Token);

        var list = await Fixture.Api.GetFromJsonAsync<DrinkList>($"/api/bars/{PathSegments.Encode(bar)}/drinks", PipelineClient.Json, Token);

        var paloma = Assert.Single(list!.Drinks);
        Assert.Equal("Paloma", paloma.DrinkName);
        await AssertWebpAsync(paloma.ThumbnailUrl);
    }

    [Fact]
    public async Task RecentPhotosAreNewestFirstAndLeaveOutReuploads()
    {
        var bar = PipelineClient.Unique("Recent Bar");
        var older = await Client.UploadAsync(bar, "Sazerac", TestImages.Jpeg, "image/jpeg", Token);
        var newer = await Client.UploadAsync(bar, "Gimlet", TestImages.Jpeg, "image/jpeg", Token);
        var reupload = await Client.UploadAsync(bar, "Gimlet", TestImages.Jpeg, "image/jpeg", Token);
        Assert.Equal(newer.UploadId, reupload.DuplicateOf);

        var recent = await Fixture.Api.GetFromJsonAsync<RecentPhotoList>("/api/photos/recent?limit=50", PipelineClient.Json, Token);

        var ours = recent!.Photos.Where(photo => photo.BarName == bar).ToList();
        Assert.Equal([newer.UploadId, older.UploadId], ours.Select(photo => photo.UploadId));
        Assert.Equal("Gimlet", ours[0].DrinkName);
        await AssertWebpAsync(ours[0].ThumbnailUrl);
    }

    private static string PhotosPath(string bar, string drink) =>
        $"/api/bars/{PathSegments.Encode(bar)}/drinks/{PathSegments.Encode(drink)}/photos";

    private static async Task AssertWebpAsync(string? url)
    {
        Assert.NotNull(url);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Token);
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
    }
}
