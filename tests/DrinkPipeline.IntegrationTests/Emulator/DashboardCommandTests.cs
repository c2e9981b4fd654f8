using Amazon.SQS.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public class DashboardCommandTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task RedriveMovesDeadLettersBackToThePhotoQueue()
    {
        var deadLetters = Fixture.StackOutputs["DeadLetterQueueUrl"];
        await Fixture.Sqs.SendMessageAsync(deadLetters, """{"Records":[]}""", Token);
        await Fixture.Sqs.SendMessageAsync(deadLetters, """{"Records":[]}""", Token);

        var result = await Fixture.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("stack", PipelineCommands.RedriveCommand, Token);

        Assert.True(result.Success, result.Message);
        Assert.Equal("Moved 2 message(s) back to the photo queue.", result.Message);
        var left = await Fixture.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = deadLetters,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }, Token);
        Assert.Equal((0, 0), (left.ApproximateNumberOfMessages, left.ApproximateNumberOfMessagesNotVisible));
    }

    [Fact]
    public async Task TheStackLinksTheBucketListing()
    {
        Fixture.App.ResourceNotifications.TryGetCurrentState("stack", out var stack);

        var link = Assert.Single(stack!.Snapshot.Urls, url => url.Name == "BucketName listing");
        using var http = new HttpClient();
        var listing = await http.GetStringAsync(link.Url, Token);

        Assert.Contains("<ListBucketResult", listing);
        Assert.Contains(Fixture.BucketName, listing);
    }
}
