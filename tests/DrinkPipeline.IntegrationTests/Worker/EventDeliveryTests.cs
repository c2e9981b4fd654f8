using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS.Model;

namespace DrinkPipeline.IntegrationTests;

/// <summary>S3 delivers events at least once and in no promised order; the lookup must not care.</summary>
[Collection(AppCollection.Name)]
public class EventDeliveryTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task RedeliveredAndLateEventsNeitherCountTwiceNorHideTheNewestPhoto()
    {
        var bar = PipelineClient.Unique("Echo Bar");
        var first = await Client.UploadAsync(bar, "Sazerac", TestImages.Png, "image/png", Token);
        var firstPhoto = await Client.GetPhotoAsync(bar, "Sazerac", Token);
        var second = await Client.UploadAsync(bar, "Sazerac", TestImages.Jpeg, "image/jpeg", Token);

        // The first photo's event again, twice, after the second photo: a duplicate that is also out of order.
        await SendEventAsync(first.ObjectKey, firstPhoto.UploadedAt);
        await SendEventAsync(first.ObjectKey, firstPhoto.UploadedAt);
        await WaitForQueueDrainedAsync();

        var photo = await Client.GetPhotoAsync(bar, "Sazerac", Token);
        Assert.Equal(second.UploadId, photo.UploadId);
        Assert.Equal(2, photo.PhotoCount);
    }

    [Fact]
    public async Task ALaterEventForAnAcceptedPhotoChangesNothing()
    {
        var bar = PipelineClient.Unique("Order Bar");
        var first = await Client.UploadAsync(bar, "Sidecar", TestImages.Png, "image/png", Token);
        var second = await Client.UploadAsync(bar, "Sidecar", TestImages.Jpeg, "image/jpeg", Token);

        // The same object posted again (issue 21, item 5): once made newest by such an event, now left as it was.
        await SendEventAsync(first.ObjectKey, DateTimeOffset.UtcNow.AddMinutes(1));
        await WaitForQueueDrainedAsync();

        var photo = await Client.GetPhotoAsync(bar, "Sidecar", Token);
        Assert.Equal((second.UploadId, 2), (photo.UploadId, photo.PhotoCount));
        Assert.Equal(first.UpdatedAt, (await Client.GetStatusAsync(first.UploadId, Token)).UpdatedAt);
    }

    [Fact]
    public async Task AnEventForAnObjectThatWasReplacedSinceIsSkipped()
    {
        var bar = PipelineClient.Unique("Replaced Bar");
        var first = await Client.UploadAsync(bar, "Negroni", TestImages.Png, "image/png", Token);
        var second = await Client.UploadAsync(bar, "Negroni", TestImages.Jpeg, "image/jpeg", Token);

        // This event names other bytes than the object holds (its ETag): it is about an object since replaced, and
        // changes nothing.
        await SendEventAsync(first.ObjectKey, DateTimeOffset.UtcNow.AddMinutes(1), eTag: "0123456789abcdef0123456789abcdef");
        await WaitForQueueDrainedAsync();

        var photo = await Client.GetPhotoAsync(bar, "Negroni", Token);
        Assert.Equal((second.UploadId, 2), (photo.UploadId, photo.PhotoCount));
        await Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, first.ObjectKey, Token);
    }

    [Fact]
    public async Task ALateEventForAnObjectDeletedSinceIsDroppedAtOnce()
    {
        var bar = PipelineClient.Unique("Gone Bar");
        var upload = await Client.UploadAsync(bar, "Gimlet", TestImages.Jpeg, "image/jpeg", Token);
        var head = await Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, upload.ObjectKey, Token);

        // The landed upload expired (or was removed) before a late copy of its event arrived: the worker finds no
        // object. On AWS it learns that (404, not 403) only with s3:ListBucket on the bucket, which IamAuditTests
        // checks; without it the event would fail five times and wait in the dead-letter queue.
        await Fixture.S3.DeleteObjectAsync(Fixture.BucketName, upload.ObjectKey, Token);
        await SendEventAsync(upload.ObjectKey, DateTimeOffset.UtcNow, head: head);
        await WaitForQueueDrainedAsync();

        var photo = await Client.GetPhotoAsync(bar, "Gimlet", Token);
        Assert.Equal((upload.UploadId, 1), (photo.UploadId, photo.PhotoCount));
        Assert.Equal(upload.UpdatedAt, (await Client.GetStatusAsync(upload.UploadId, Token)).UpdatedAt);
    }

    private async Task SendEventAsync(string key, DateTimeOffset eventTime, string? eTag = null, Amazon.S3.Model.GetObjectMetadataResponse? head = null)
    {
        head ??= await Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, key, Token);
        var body = JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1",
                    eventSource = "aws:s3",
                    eventName = "ObjectCreated:Post",
                    eventTime = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    s3 = new
                    {
                        bucket = new { name = Fixture.BucketName },
                        @object = new { key = Uri.EscapeDataString(key), size = head.ContentLength, eTag = eTag ?? head.ETag.Trim('"') },
                    },
                },
            },
        });
        await Fixture.Sqs.SendMessageAsync(Fixture.StackOutputs["QueueUrl"], body, Token);
    }

    private async Task WaitForQueueDrainedAsync()
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var attributes = await Fixture.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = Fixture.StackOutputs["QueueUrl"],
                AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            }, Token);
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "The worker did not drain the queue.");
            await Task.Delay(250, Token);
        }
    }
}
