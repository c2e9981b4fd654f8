using System.Globalization;
using System.Text.Json;
using Amazon.SQS.Model;
using DrinkPipeline.Storage;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Faults the emulator cannot produce, injected below the worker's SDK clients (FaultInjection, set by the fixture for
/// names containing the markers below): a photo that can never be read, and throttled DynamoDB writes.
/// </summary>
[Collection(AppCollection.Name)]
public class FaultTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    public const string PoisonMarker = "poison-pill";
    public const string ThrottleMarker = "throttled-bar";

    [Fact]
    public async Task APhotoThatCannotBeReadIsRetriedThenDeadLetteredAndItsUploadMarkedFailed()
    {
        var started = DateTime.UtcNow;

        var status = await Client.UploadAsync(PipelineClient.Unique(PoisonMarker), "Hemlock", TestImages.Jpeg, "image/jpeg", Token);

        Assert.Equal("failed", status.Status);
        Assert.Contains("failed 5 times", status.Reason);
        Assert.Contains("dead-letter queue", status.Reason);
        var deadLetter = await WaitForDeadLetterAsync(status.ObjectKey);
        try
        {
            // Its receives in the photo queue carry over (plus this test's own looks at it).
            Assert.True(int.Parse(deadLetter.Attributes["ApproximateReceiveCount"], CultureInfo.InvariantCulture) >= 5);
            await WaitForDeadLetterDepthInCloudWatchAsync(started);
        }
        finally
        {
            // Leave the dead-letter queue as it was for the tests that count its messages.
            await Fixture.Sqs.DeleteMessageAsync(Fixture.StackOutputs["DeadLetterQueueUrl"], deadLetter.ReceiptHandle, Token);
        }
    }

    [Fact]
    public async Task ThrottledDynamoDbWritesAreRetriedAndShowInTheAttemptMetric()
    {
        var status = await Client.UploadAsync(PipelineClient.Unique(ThrottleMarker), "Slow Pour", TestImages.Png, "image/png", Token);

        Assert.Equal("ready", status.Status);
        var photo = await Client.GetPhotoAsync(status.BarName, "Slow Pour", Token);
        Assert.Equal(1, photo.PhotoCount);
        var listed = await WaitForAsync(async () =>
        {
            var output = await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "list-metrics", "--namespace", "DrinkPipeline",
                "--metric-name", "drinkpipeline.aws.attempts", "--output", "json");
            return output.Contains("throttled", StringComparison.Ordinal) ? output : null;
        }, "no throttled AWS attempt was ever published");
        Assert.Contains("dynamodb", listed);
    }

    /// <summary>The message in the dead-letter queue for <paramref name="key"/>, left visible for others.</summary>
    private Task<Message> WaitForDeadLetterAsync(string key) => WaitForAsync(async () =>
    {
        var response = await Fixture.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = Fixture.StackOutputs["DeadLetterQueueUrl"],
            MaxNumberOfMessages = 10,
            VisibilityTimeout = 0,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, Token);
        return response.Messages?.FirstOrDefault(message => S3EventParser.Parse(message.Body) is S3EventMessage.Records records &&
            records.Items.Any(record => record.Key == key));
    }, $"no dead letter for {key}");

    private Task WaitForDeadLetterDepthInCloudWatchAsync(DateTime since) => WaitForAsync(async () =>
    {
        var output = await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "get-metric-statistics", "--namespace", "DrinkPipeline",
            "--metric-name", "drinkpipeline.dlq.depth", "--statistics", "Maximum", "--period", "60",
            "--start-time", since.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            "--end-time", DateTime.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture), "--output", "json");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.GetProperty("Datapoints").EnumerateArray().Any(point => point.GetProperty("Maximum").GetDouble() >= 1) ? output : null;
    }, "the dead-letter depth in CloudWatch never rose above 0");

    private static Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string failure)
        where T : class =>
        Eventually.ValueAsync(probe, TimeSpan.FromSeconds(45), failure, Token);
}
