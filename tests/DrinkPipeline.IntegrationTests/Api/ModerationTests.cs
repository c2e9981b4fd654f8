using System.Net;
using System.Net.Http.Json;
using Amazon.S3;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The admin-only delete: the photo goes everywhere it was, and the drink falls back to its previous photo.</summary>
[Collection(AppCollection.Name)]
public class ModerationTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task DeleteWithoutTheAdminKeyIsUnauthorized(string? key)
    {
        var upload = await Client.UploadAsync(PipelineClient.Unique("Guarded Bar"), "Mule", TestImages.Png, "image/png", Token);

        using var response = await DeleteAsync(upload.UploadId, key);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("ready", (await Client.GetStatusAsync(upload.UploadId, Token)).Status);
    }

    [Fact]
    public async Task DeletingTheNewestPhotoRemovesItEverywhereAndTheDrinkShowsThePreviousOne()
    {
        var bar = PipelineClient.Unique("Moderated Bar");
        var older = await Client.UploadAsync(bar, "Sour", TestImages.Jpeg, "image/jpeg", Token);
        var newer = await Client.UploadAsync(bar, "Sour", TestImages.Png, "image/png", Token);

        using var deleted = await DeleteAsync(newer.UploadId, Fixture.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var status = await Client.GetStatusAsync(newer.UploadId, Token);
        Assert.Equal(("removed", "Removed by a moderator."), (status.Status, status.Reason));
        var photo = await Client.GetPhotoAsync(bar, "Sour", Token);
        Assert.Equal((older.UploadId, 1), (photo.UploadId, photo.PhotoCount));
        Assert.Equal((320, 240), (photo.Width, photo.Height));
        foreach (var key in new[] { newer.ObjectKey, ObjectKeys.ThumbnailFor(newer.UploadId), ObjectKeys.DisplayFor(newer.UploadId) })
        {
            var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, key, Token));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var recent = await Fixture.Api.GetFromJsonAsync<RecentPhotoList>("/api/photos/recent?limit=50", PipelineClient.Json, Token);
        Assert.DoesNotContain(recent!.Photos, recentPhoto => recentPhoto.UploadId == newer.UploadId);
        Assert.Contains(recent.Photos, recentPhoto => recentPhoto.UploadId == older.UploadId);
    }

    [Fact]
    public async Task DeletingTheOnlyPhotoLeavesNoDrinkAndDeletingAgainIsHarmless()
    {
        var bar = PipelineClient.Unique("Emptied Bar");
        var only = await Client.UploadAsync(bar, "Julep", TestImages.Jpeg, "image/jpeg", Token);

        using var first = await DeleteAsync(only.UploadId, Fixture.AdminKey);
        using var again = await DeleteAsync(only.UploadId, Fixture.AdminKey);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, again.StatusCode));
        using var lookup = await Client.GetDrinkAsync(bar, "Julep", Token);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task DeletingAnUnknownUploadIsANotFoundProblem()
    {
        using var response = await DeleteAsync("0195f3a2c4d67e89a0b1c2d3e4f5a6b7", Fixture.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> DeleteAsync(string uploadId, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/photos/{uploadId}");
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        return Fixture.Api.SendAsync(request, Token);
    }
}
