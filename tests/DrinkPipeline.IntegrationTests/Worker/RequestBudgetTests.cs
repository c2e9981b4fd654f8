using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DrinkPipeline.Load;
using DrinkPipeline.Storage;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// An app of its own, so nothing else uploads while requests are counted, with the worker's production polling
/// (20-second long polls, the dead-letter gauge once a minute) rather than the tests' short one.
/// </summary>
public sealed class RequestBudgetAppFixture : DrinkPipelineAppFixture
{
    /// <summary>How often the services publish to the emulator's CloudWatch here.</summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(2);

    protected override IEnumerable<string> AppHostArguments => ["--RateLimits:UploadsPerWindow=1000"];

    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__WaitTimeSeconds", "20")
            .WithEnvironment("Worker__DeadLetterPollInterval", "00:01:00");
}

[CollectionDefinition(Name)]
public sealed class RequestBudgetCollection : ICollectionFixture<RequestBudgetAppFixture>
{
    public const string Name = "DrinkPipeline app, counting AWS requests";
}

/// <summary>
/// Issue 13's budget: every SDK request the API and the worker make for an accepted photo, presign to ready, counted
/// by the services themselves (<c>drinkpipeline.aws.attempts</c>) over a batch of 100, receives and deletes as made.
/// Health checks and the dead-letter gauge's queue reads run on timers and are left out; so are the browser's POST and
/// telemetry export, which the SDK does not send.
/// </summary>
[Collection(RequestBudgetCollection.Name)]
public sealed class RequestBudgetTests(RequestBudgetAppFixture fixture)
{
    public const double RequestsPerPhoto = 8;
    private const int Photos = 100;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAcceptedPhotoCostsAtMostEightAwsRequests()
    {
        // Requests of the start-up (role sessions, queue settings) are published before the counted window opens.
        await Task.Delay(RequestBudgetAppFixture.PublishInterval * 3, Token);
        var start = DateTime.UtcNow;
        var bar = PipelineClient.Unique("Budget Bar");
        var uploads = new UploadTicket[Photos];
        // Sixteen clients at once, as the load tool's burst; every photo different, so none is a duplicate.
        await Parallel.ForEachAsync(Enumerable.Range(0, Photos), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Token }, async (i, cancellationToken) =>
        {
            var photo = TestImages.Photo(320, 240, seed: i + 1);
            var client = new PipelineClient(fixture);
            uploads[i] = await client.PresignAsync(bar, $"Drink {i}", "image/jpeg", photo.Length, cancellationToken);
            await PipelineClient.PostToStorageAsync(uploads[i], photo, "image/jpeg", cancellationToken);
        });
        // Read from the table, not through the API: a status poll's cost is the client's choice, not the pipeline's.
        var statuses = await Eventually.ValueAsync(async () =>
        {
            var read = await ReadStatusesAsync(uploads);
            return read.Count == Photos && !read.Contains(UploadStatus.Pending) ? read : null;
        }, TimeSpan.FromMinutes(3), "photos were still pending after three minutes", Token);

        var counted = await new AwsRequestCount(new Uri(fixture.EmulatorUrl), RequestBudgetAppFixture.PublishInterval).SinceAsync(start, Token);

        Assert.All(statuses, status => Assert.Equal(UploadStatus.Ready, status));
        var rows = counted.Where(row => row.App is "api" or "worker" && AwsRequestCount.IsPerPhoto(row.Operation)).ToList();
        var breakdown = new StringBuilder();
        foreach (var (app, service, operation, requests) in rows)
        {
            breakdown.AppendLine(CultureInfo.InvariantCulture, $"{app} {service} {operation}: {requests / Photos:F2}");
        }

        var perPhoto = rows.Sum(row => row.Requests) / Photos;
        breakdown.AppendLine(CultureInfo.InvariantCulture, $"total: {perPhoto:F2} per photo");
        TestContext.Current.TestOutputHelper?.WriteLine(breakdown.ToString());
        // The count must have seen the photos at all: two renditions and the kept original are written for each.
        Assert.Equal(3.0, rows.Where(row => row.Operation == "PutObject").Sum(row => row.Requests) / Photos);
        Assert.True(perPhoto <= RequestsPerPhoto, $"{perPhoto:F2} AWS requests per photo; the budget is {RequestsPerPhoto}.\n{breakdown}");
    }

    private async Task<List<string>> ReadStatusesAsync(UploadTicket[] uploads)
    {
        var statuses = new List<string>();
        foreach (var chunk in uploads.Chunk(100))
        {
            var response = await fixture.Dynamo.BatchGetItemAsync(new Dictionary<string, KeysAndAttributes>
            {
                [fixture.StackOutputs["UploadsTableName"]] = new()
                {
                    Keys = [.. chunk.Select(upload => new Dictionary<string, AttributeValue> { [Tables.Uploads.UploadId] = new() { S = upload.UploadId } })],
                    ConsistentRead = true,
                },
            }, Token);
            statuses.AddRange(response.Responses.Values.SelectMany(items => items).Select(item => item[Tables.Uploads.Status].S));
        }

        return statuses;
    }
}
