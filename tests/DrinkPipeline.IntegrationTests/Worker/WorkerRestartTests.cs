using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The worker process dies in the middle of a batch: SQS hands the unfinished events out again (after the visibility
/// timeout, 15 s here) and the idempotent writes keep every photo ready exactly once.
/// </summary>
[Collection(AppCollection.Name)]
public class WorkerRestartTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    private const int Photos = 8;

    private static readonly Lazy<byte[]> LargeJpeg = new(() => TestImages.Photo(4000, 3000));

    [Fact]
    public async Task AWorkerKilledMidBatchLosesNoPhotoAndCountsNoneTwice()
    {
        var commands = Fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var worker = Fixture.Instances["worker"].Single();
        var bar = PipelineClient.Unique("Crash Bar");

        // A batch waits in the queue while the worker is stopped.
        await RunAsync(commands, worker, KnownResourceCommands.StopCommand);
        var uploads = new List<UploadTicket>();
        for (var i = 0; i < Photos; i++)
        {
            var ticket = await Client.PresignAsync(bar, $"Drink {i}", "image/jpeg", LargeJpeg.Value.Length, Token);
            await PipelineClient.PostToStorageAsync(ticket, LargeJpeg.Value, "image/jpeg", Token);
            uploads.Add(ticket);
        }

        // Start it, and kill it as soon as the first photo is done: the rest are in flight or still queued.
        await RunAsync(commands, worker, KnownResourceCommands.StartCommand);
        await Replicas.WaitForHealthyAsync(Fixture.App, "worker", 1, Token);
        await WaitUntilAsync(async () => (await Client.StatusesAsync(uploads, Token)).Any(status => status == "ready"));
        Replicas.Kill(Fixture.App, worker);
        var killedAt = DateTimeOffset.UtcNow;
        await RunAsync(commands, worker, KnownResourceCommands.StartCommand);

        await WaitUntilAsync(async () => (await Client.StatusesAsync(uploads, Token)).All(status => status != "pending"), TimeSpan.FromSeconds(90));
        Assert.All(await Client.StatusesAsync(uploads, Token), status => Assert.Equal("ready", status));
        for (var i = 0; i < Photos; i++)
        {
            var photo = await Client.GetPhotoAsync(bar, $"Drink {i}", Token);
            Assert.Equal((uploads[i].UploadId, 1), (photo.UploadId, photo.PhotoCount));
        }

        // Judged by when each was finished (its status's last change), not by a count read before the kill, which
        // lags it: on a busy machine that read once took long enough for the whole batch to finish.
        var finishedAfterKill = 0;
        foreach (var upload in uploads)
        {
            finishedAfterKill += (await Client.GetStatusAsync(upload.UploadId, Token)).UpdatedAt > killedAt ? 1 : 0;
        }

        Assert.True(finishedAfterKill > 0, "every photo was done before the kill; the test proved nothing");
    }

    private static async Task RunAsync(ResourceCommandService commands, string instance, string command)
    {
        var result = await commands.ExecuteCommandAsync(instance, command, Token);
        Assert.True(result.Success, result.Message);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(condition, timeout ?? TimeSpan.FromSeconds(60), "timed out", Token);
}
