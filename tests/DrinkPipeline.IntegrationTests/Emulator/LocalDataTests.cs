using System.Net;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The app as developers run it: local data kept in a folder (here a temporary one) across restarts.</summary>
public sealed class LocalDataAppFixture(string folder) : DrinkPipelineAppFixture
{
    protected override IEnumerable<string> AppHostArguments => ["--LocalData:Enabled=true", $"--LocalData:Directory={folder}"];
}

[CollectionDefinition(Name)]
public sealed class LocalDataCollection
{
    public const string Name = "DrinkPipeline app, restarted with local data";
}

[Collection(LocalDataCollection.Name)]
public sealed class LocalDataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("drinkpipeline-local-data-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task PhotosSurviveARestartUnprocessedUploadsFinishAndResetEmptiesEverything()
    {
        var bar = PipelineClient.Unique("Restart Bar");
        UploadTicket kept, interrupted;
        var first = await StartAsync();
        try
        {
            var client = new PipelineClient(first);
            kept = await client.PresignAsync(bar, "Negroni", "image/jpeg", TestImages.Jpeg.Length, Token);
            await PipelineClient.PostToStorageAsync(kept, TestImages.Jpeg, "image/jpeg", Token);
            Assert.Equal("ready", (await client.WaitForOutcomeAsync(kept.UploadId, Token)).Status);

            // The worker is down when this file arrives: at the stop its event is still waiting in the queue.
            var commands = first.App.Services.GetRequiredService<ResourceCommandService>();
            var stopped = await commands.ExecuteCommandAsync(first.Instances["worker"][0], KnownResourceCommands.StopCommand, Token);
            Assert.True(stopped.Success, stopped.Message);
            interrupted = await client.PresignAsync(bar, "Mojito", "image/png", TestImages.Png.Length, Token);
            await PipelineClient.PostToStorageAsync(interrupted, TestImages.Png, "image/png", Token);
            // The emulator saves once a second.
            await Task.Delay(TimeSpan.FromSeconds(2), Token);
            Assert.Equal("pending", (await client.GetStatusAsync(interrupted.UploadId, Token)).Status);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await StartAsync();
        try
        {
            var client = new PipelineClient(second);
            Assert.Equal("ready", (await client.GetStatusAsync(kept.UploadId, Token)).Status);
            var photo = await client.GetPhotoAsync(bar, "Negroni", Token);
            Assert.Equal((kept.UploadId, 1), (photo.UploadId, photo.PhotoCount));
            Assert.Equal(TestImages.Jpeg, await client.ReadStoredAsync(photo.ObjectKey, Token));

            // Its event was sent again at the start, as S3 would have sent it.
            Assert.Equal("ready", (await client.WaitForOutcomeAsync(interrupted.UploadId, Token)).Status);
            // The photo kept was not processed again: no span of this run names its object.
            Assert.DoesNotContain(second.Telemetry.TracePayloads, payload => Contains(payload, kept.ObjectKey));

            var reset = await second.App.Services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync("aws", LocalDataExtensions.ResetCommand, Token);

            Assert.True(reset.Success, reset.Message);
            using var status = await second.Api.GetAsync($"/api/uploads/{kept.UploadId}", Token);
            Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
            using var drink = await client.GetDrinkAsync(bar, "Mojito", Token);
            Assert.Equal(HttpStatusCode.NotFound, drink.StatusCode);
            var ring = await second.S3.ListObjectsV2Async(new() { BucketName = second.BucketName, Prefix = "data-protection/" }, Token);
            Assert.NotEmpty(ring.S3Objects);
            // Nor is anything users made left in the folder: only the key ring's objects.
            await Task.Delay(TimeSpan.FromSeconds(2), Token);
            Assert.Equal(ring.S3Objects.Count, Directory.GetFiles(Path.Combine(folder, "s3"), "*.json", SearchOption.AllDirectories).Length);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private async Task<LocalDataAppFixture> StartAsync()
    {
        var fixture = new LocalDataAppFixture(folder);
        await fixture.InitializeAsync();
        return fixture;
    }

    private static bool Contains(byte[] payload, string text) =>
        payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
