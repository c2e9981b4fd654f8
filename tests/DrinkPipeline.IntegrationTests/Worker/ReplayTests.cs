using System.Net;
using System.Net.Http.Json;
using Amazon.S3;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 21, item 5: an upload accepts one object. Its presigned form, posted again before it expires with other
/// bytes of the declared size, changes neither the photo, its renditions, its kept original, nor its hiding or removal.
/// </summary>
[Collection(AppCollection.Name)]
public class ReplayTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task APublishedPhotoKeepsItsContentWhenItsFormIsPostedAgain()
    {
        var (bar, ticket, ready, first, second) = await PublishAsync("Negroni");
        var stored = await StoredObjectsAsync(ticket.UploadId);
        Assert.Equal(first, stored[0]);

        await ReplayAsync(ticket, second);

        Assert.Equal(stored, await StoredObjectsAsync(ticket.UploadId));
        var after = await Client.GetStatusAsync(ticket.UploadId, Token);
        Assert.Equal((UploadStatus.Ready, ready.UpdatedAt), (after.Status, after.UpdatedAt));
        var photo = await Client.GetPhotoAsync(bar, "Negroni", Token);
        Assert.Equal((ticket.UploadId, 1), (photo.UploadId, photo.PhotoCount));
    }

    [Fact]
    public async Task AHiddenPhotoStaysHiddenWhenItsFormIsPostedAgain()
    {
        var (bar, ticket, _, first, second) = await PublishAsync("Gimlet");
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/photos/{ticket.UploadId}/reports") { Content = JsonContent.Create(new { reason = "offensive" }) };
            Fixture.ForwardFor(request, new PipelineClient(Fixture).ClientAddress);
            using var reported = await Fixture.Api.SendAsync(request, Token);
            Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        }

        await ReplayAsync(ticket, second);

        using var status = await Fixture.Api.GetAsync($"/api/uploads/{ticket.UploadId}", Token);
        using var lookup = await Client.GetDrinkAsync(bar, "Gimlet", Token);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (status.StatusCode, lookup.StatusCode));
        Assert.Equal(first, (await StoredObjectsAsync(ticket.UploadId))[0]);
    }

    [Fact]
    public async Task ARemovedPhotoStaysRemovedWhenItsFormIsPostedAgain()
    {
        var (bar, ticket, _, _, second) = await PublishAsync("Sazerac");
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/photos/{ticket.UploadId}"))
        {
            delete.Headers.Add("X-Admin-Key", Fixture.AdminKey);
            using var removed = await Fixture.Api.SendAsync(delete, Token);
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        await ReplayAsync(ticket, second);

        Assert.Equal(UploadStatus.Removed, (await Client.GetStatusAsync(ticket.UploadId, Token)).Status);
        using var lookup = await Client.GetDrinkAsync(bar, "Sazerac", Token);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        Assert.Equal([null, null, null], await StoredObjectsAsync(ticket.UploadId));
    }

    /// <summary>
    /// A photo of <paramref name="drink"/> at a new bar, published through its form; and other bytes of the same size to
    /// post with that form again.
    /// </summary>
    private async Task<(string Bar, UploadTicket Ticket, UploadStatusResponse Ready, byte[] First, byte[] Second)> PublishAsync(string drink)
    {
        var (first, second) = SameSizePhotos();
        var bar = PipelineClient.Unique("Replay Bar");
        var ticket = await Client.PresignAsync(bar, drink, "image/jpeg", first.Length, Token);
        await PipelineClient.PostToStorageAsync(ticket, first, "image/jpeg", Token);
        var ready = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);
        Assert.Equal(UploadStatus.Ready, ready.Status);
        return (bar, ticket, ready, first, second);
    }

    /// <summary>Posts the used form again and waits for the worker to refuse the object: it deletes what was posted.</summary>
    private async Task ReplayAsync(UploadTicket ticket, byte[] content)
    {
        await PipelineClient.PostToStorageAsync(ticket, content, "image/jpeg", Token);
        await Eventually.TrueAsync(async () => await ReadAsync(ticket.ObjectKey) is null, PipelineClient.ProcessingTimeout,
            $"the worker never handled the second object posted to {ticket.ObjectKey}", Token);
    }

    /// <summary>The kept original, the thumbnail and the display rendition, as stored (null where absent).</summary>
    private async Task<byte[]?[]> StoredObjectsAsync(string uploadId) =>
    [
        await ReadAsync(ObjectKeys.OriginalFor(uploadId)),
        await ReadAsync(ObjectKeys.ThumbnailFor(uploadId)),
        await ReadAsync(ObjectKeys.DisplayFor(uploadId)),
    ];

    private async Task<byte[]?> ReadAsync(string key)
    {
        try
        {
            return await Client.ReadStoredAsync(key, Token);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Two different photos of one size, as a replay within a presigned form's size must be: each is padded to the
    /// same length with a JPEG comment segment right after its start-of-image marker.
    /// </summary>
    private static (byte[] First, byte[] Second) SameSizePhotos()
    {
        var seed = Random.Shared.Next(1000, 1_000_000);
        byte[][] photos = [TestImages.Photo(320, 240, seed: seed), TestImages.Photo(320, 240, seed: seed + 1)];
        var length = photos.Max(photo => photo.Length) + 16;
        var padded = photos.Select(photo =>
        {
            var segmentLength = length - photo.Length - 2;
            byte[] comment = [0xFF, 0xFE, (byte)(segmentLength >> 8), (byte)segmentLength, .. new byte[segmentLength - 2]];
            return (byte[])[.. photo[..2], .. comment, .. photo[2..]];
        }).ToArray();
        return (padded[0], padded[1]);
    }
}
