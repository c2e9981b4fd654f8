using System.Security.Cryptography;
using System.Text;
using Amazon.S3;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The worker's image handling, end to end: metadata, derivatives, duplicates, unsupported formats.</summary>
[Collection(AppCollection.Name)]
public class ImagingPipelineTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task ACameraPhotoGetsItsMetadataAndStrippedUprightDerivativesButNoLocation()
    {
        var bar = PipelineClient.Unique("Exif Bar");
        var status = await Client.UploadAsync(bar, "Gin Fizz", TestImages.CameraJpeg, "image/jpeg", Token);

        var photo = await Client.GetPhotoAsync(bar, "Gin Fizz", Token);

        Assert.Equal("ready", status.Status);
        Assert.Equal((300, 400), (photo.Width, photo.Height));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 19, 30, 0, TimeSpan.Zero), photo.TakenAt);
        Assert.Equal("Apple iPhone 17", photo.Camera);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TestImages.CameraJpeg)), photo.Sha256);
        Assert.Null(photo.Location);
        using var http = new HttpClient();
        foreach (var url in new[] { photo.ThumbnailUrl!, photo.DisplayUrl!, status.ThumbnailUrl! })
        {
            var webp = await http.GetByteArrayAsync(url, Token);
            Assert.Equal("WEBP", Encoding.ASCII.GetString(webp, 8, 4));
            Assert.DoesNotContain("EXIF", Encoding.ASCII.GetString(webp));
            Assert.Contains("/derived/", url);
        }
    }

    [Fact]
    public async Task TheSameContentUploadedAgainForTheDrinkIsADuplicateOfTheFirst()
    {
        var bar = PipelineClient.Unique("Twice Bar");
        var first = await Client.UploadAsync(bar, "Paloma", TestImages.Jpeg, "image/jpeg", Token);

        var ticket = await Client.PresignAsync(bar, "PALOMA", "image/jpeg", TestImages.Jpeg.Length, Token);
        await PipelineClient.PostToStorageAsync(ticket, TestImages.Jpeg, "image/jpeg", Token);
        var second = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal(("ready", first.UploadId), (second.Status, second.DuplicateOf));
        Assert.Equal(first.ObjectKey, second.ObjectKey);
        var photo = await Client.GetPhotoAsync(bar, "Paloma", Token);
        Assert.Equal((first.UploadId, 1), (photo.UploadId, photo.PhotoCount));
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, ticket.ObjectKey, Token));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task HeicIsRejectedAsUnsupportedRatherThanFailing()
    {
        var status = await Client.UploadAsync(PipelineClient.Unique("Phone Bar"), "Spritz", TestImages.Heic, "image/heic", Token);

        Assert.Equal("rejected", status.Status);
        Assert.StartsWith("HEIC is not supported", status.Reason);
    }
}
