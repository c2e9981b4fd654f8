using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Amazon.S3.Model;
using Aspire.Hosting.ApplicationModel;
using DrinkPipeline.Storage.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The app as people scale it out: two API copies, three workers and two web copies behind Aspire's proxy.</summary>
public sealed class ScaledOutAppFixture : DrinkPipelineAppFixture
{
    public override IReadOnlyDictionary<string, int> Scale { get; } = new Dictionary<string, int> { ["api"] = 2, ["worker"] = 3, ["web"] = 2 };
}

[CollectionDefinition(Name)]
public sealed class ScaledOutCollection : ICollectionFixture<ScaledOutAppFixture>
{
    public const string Name = "DrinkPipeline app, scaled out";
}

[Collection(ScaledOutCollection.Name)]
public class ScaledOutTests(ScaledOutAppFixture fixture)
{
    private static readonly Lazy<byte[]> MediumJpeg = new(() => TestImages.Photo(2000, 1500));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABatchThroughTwoApisAndThreeWorkersIsReadyExactlyOnceEach()
    {
        var bar = PipelineClient.Unique("Scale Bar");
        var spansBefore = fixture.Telemetry.TracePayloads.Count();

        var uploads = await UploadBatchAsync(bar, 30, TestImages.Jpeg);
        await WaitUntilNonePendingAsync(uploads, TimeSpan.FromMinutes(2));

        await AssertEachReadyOnceAsync(bar, uploads);
        // Work reached more than one copy of each: otherwise this test would say nothing about scaling out.
        var recent = fixture.Telemetry.TracePayloads.Skip(spansBefore).ToList();
        Assert.True(OtlpResource.InstancesSending(recent, "worker", "process photo").Count >= 2, "one worker copy did all the work");
        Assert.True(OtlpResource.InstancesSending(recent, "api", "/api/uploads").Count == 2, "one API copy answered every request");
    }

    [Fact]
    public async Task WorkerCopiesKilledAtRandomDuringABatchLoseNoPhotoAndCountNoneTwice()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var workers = fixture.Instances["worker"];
        var bar = PipelineClient.Unique("Chaos Bar");
        // Uploads and kills together: the pipeline keeps up with the uploads, so killing only once they are all in
        // would find little left to interrupt.
        var uploading = UploadBatchAsync(bar, 60, MediumJpeg.Value);

        // Every two seconds a random copy dies as a crash would, and is started again a moment later.
        var killsWhilePending = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (!uploading.IsCompleted || await PendingAsync(await uploading) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "photos were still pending after four minutes of chaos");
            var victim = workers[Random.Shared.Next(workers.Count)];
            Replicas.Kill(fixture.App, victim);
            killsWhilePending++;
            await Task.Delay(TimeSpan.FromSeconds(0.5), Token);
            var started = await commands.ExecuteCommandAsync(victim, KnownResourceCommands.StartCommand, Token);
            Assert.True(started.Success, started.Message);
            await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        }

        var uploads = await uploading;
        await AssertEachReadyOnceAsync(bar, uploads);
        Assert.True(killsWhilePending >= 3, $"only {killsWhilePending} kills happened while photos were pending; the test proved little");
        await Replicas.WaitForHealthyAsync(fixture.App, "worker", workers.Count, Token);
    }

    [Fact]
    public async Task TheUploadLimitCountsOneClientOnceAcrossApiCopies()
    {
        var client = new PipelineClient(fixture).ClientAddress;
        var spansBefore = fixture.Telemetry.TracePayloads.Count();
        // Start at the beginning of a window (they are aligned to the epoch), so the whole burst falls in one.
        var window = UploadWindow.At(client, DateTimeOffset.UtcNow, DrinkPipelineAppFixture.UploadWindow, DrinkPipelineAppFixture.UploadsPerWindow);
        await Task.Delay(window.End - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100), Token);
        window = UploadWindow.At(client, DateTimeOffset.UtcNow, DrinkPipelineAppFixture.UploadWindow, DrinkPipelineAppFixture.UploadsPerWindow);

        // Eight at a time, each on its own connection, so both copies take part and race for the same counter.
        var statuses = new List<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2 * DrinkPipelineAppFixture.UploadsPerWindow), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Token }, async (_, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
            {
                Content = JsonContent.Create(new { barName = "Limit Bar", drinkName = "Drink", fileName = "a.jpg", contentType = "image/jpeg", contentLength = 10 }),
            };
            fixture.ForwardFor(request, client);
            using var response = await fixture.Api.SendAsync(request, cancellationToken);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
            }
        });

        Assert.True(DateTimeOffset.UtcNow < window.End, "the burst outlasted its window; the count would mix two windows");
        Assert.Equal(DrinkPipelineAppFixture.UploadsPerWindow, statuses.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(DrinkPipelineAppFixture.UploadsPerWindow, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, OtlpResource.InstancesSending(fixture.Telemetry.TracePayloads.Skip(spansBefore), "api", "/api/uploads").Count);
    }

    [Fact]
    public async Task AFormOneWebCopyServedPostsToTheOther()
    {
        var spansBefore = fixture.Telemetry.TracePayloads.Count();

        for (var round = 0; round < 12; round++)
        {
            // A fresh client each round: the cookie and the token come from whichever copy served the page.
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = fixture.Web.BaseAddress };
            var page = await browser.GetStringAsync("/", Token);
            var token = Antiforgery.TokenIn(page);
            using var presign = new HttpRequestMessage(HttpMethod.Post, "/?handler=Presign")
            {
                Content = JsonContent.Create(new { barName = "Web Scale Bar", drinkName = $"Drink {round}", fileName = "a.jpg", contentType = "image/jpeg", contentLength = 1000 }),
            };
            presign.Headers.Add("RequestVerificationToken", token);

            using var response = await browser.SendAsync(presign, Token);

            Assert.True(response.IsSuccessStatusCode, $"round {round}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        }

        Assert.Equal(2, OtlpResource.InstancesSending(fixture.Telemetry.TracePayloads.Skip(spansBefore), "web", "handler=Presign").Count);
        // The copies started together on an empty ring and still made one key between them.
        var ring = await fixture.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.BucketName, Prefix = "data-protection/" }, Token);
        Assert.Single(ring.S3Objects, entry => entry.Key.EndsWith(".xml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AModeratorsSessionFromOneWebCopyIsValidOnTheOther()
    {
        var cookies = new CookieContainer();
        HttpClient NewConnection() =>
            new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Web.BaseAddress };
        using (var signIn = NewConnection())
        {
            var form = await signIn.GetStringAsync("/moderation/sign-in", Token);
            using var posted = await signIn.PostAsync("/moderation/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Key"] = fixture.AdminKey,
                ["__RequestVerificationToken"] = Antiforgery.TokenIn(form),
            }), Token);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        var spansBefore = fixture.Telemetry.TracePayloads.Count();
        for (var round = 0; round < 12; round++)
        {
            // A new connection each round, so Aspire's proxy picks a copy each time.
            using var browser = NewConnection();
            using var response = await browser.GetAsync("/moderation", Token);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"round {round}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.Contains("Reported photos", await response.Content.ReadAsStringAsync(Token));
        }

        await Eventually.TrueAsync(
            () => Task.FromResult(OtlpResource.InstancesSending(fixture.Telemetry.TracePayloads.Skip(spansBefore), "web", "/moderation").Count == 2),
            TimeSpan.FromSeconds(10),
            "the moderation page was not served by both web copies",
            Token);
    }

    [Fact]
    public async Task BothWebCopiesListenForOutcomesAndPushThemToTheirPages()
    {
        var listeners = await fixture.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.BucketName, Prefix = UploadOutcomeListeners.Prefix }, Token);
        Assert.Equal(2, listeners.S3Objects.Count);
        var spansBefore = fixture.Telemetry.TracePayloads.Count();
        var client = new PipelineClient(fixture);
        var bar = PipelineClient.Unique("Push Scale Bar");

        for (var i = 0; i < 8; i++)
        {
            // A client per stream, so Aspire's proxy picks a copy for each.
            using var web = new HttpClient { BaseAddress = fixture.Web.BaseAddress };
            var photo = TestImages.Photo(160, 120, seed: 200 + i);
            var ticket = await client.PresignAsync(bar, Drink(i), "image/jpeg", photo.Length, Token);
            using var events = await UploadEvents.OpenAsync(web, ticket.WatchToken, Token);
            await PipelineClient.PostToStorageAsync(ticket, photo, "image/jpeg", Token);
            var posted = DateTimeOffset.UtcNow;

            var (name, data, receivedAt) = await events.NextAsync(Token);

            Assert.Equal(("outcome", "ready"), (name, data.GetProperty("status").GetString()));
            // Well inside the copies' 5-second recheck: pushed, whichever copy holds the stream.
            Assert.True(receivedAt - posted < TimeSpan.FromSeconds(2), $"upload {i}: {(receivedAt - posted).TotalMilliseconds:F0} ms");
        }

        // A stream's span is exported in the copy's next batch after the stream closes.
        await Eventually.TrueAsync(
            () => Task.FromResult(OtlpResource.InstancesSending(fixture.Telemetry.TracePayloads.Skip(spansBefore), "web", "upload-events").Count == 2),
            TimeSpan.FromSeconds(10),
            "the streams' spans did not come from both web copies",
            Token);
    }

    [Fact]
    public async Task OnlyOneWorkerCopyReportsTheDeadLetterDepth()
    {
        var metricsBefore = fixture.Telemetry.MetricPayloads.Count();

        // Several export intervals (1 s here) and lease renewals (every 2 s here) of all three copies.
        await Task.Delay(TimeSpan.FromSeconds(8), Token);

        var recent = fixture.Telemetry.MetricPayloads.Skip(metricsBefore).ToList();
        Assert.Equal(3, OtlpResource.InstancesSending(recent, "worker", "drinkpipeline").Count);
        Assert.Single(OtlpResource.InstancesSending(recent, "worker", "drinkpipeline.dlq.depth"));
    }

    private async Task<List<UploadTicket>> UploadBatchAsync(string bar, int count, byte[] photo)
    {
        var uploads = new UploadTicket[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Token }, async (i, cancellationToken) =>
        {
            var client = new PipelineClient(fixture);
            var ticket = await client.PresignAsync(bar, Drink(i), "image/jpeg", photo.Length, cancellationToken);
            await PipelineClient.PostToStorageAsync(ticket, photo, "image/jpeg", cancellationToken);
            uploads[i] = ticket;
        });
        return [.. uploads];
    }

    private async Task AssertEachReadyOnceAsync(string bar, List<UploadTicket> uploads)
    {
        var client = new PipelineClient(fixture);
        for (var i = 0; i < uploads.Count; i++)
        {
            Assert.Equal("ready", (await client.GetStatusAsync(uploads[i].UploadId, Token)).Status);
            var photo = await client.GetPhotoAsync(bar, Drink(i), Token);
            Assert.Equal((uploads[i].UploadId, 1), (photo.UploadId, photo.PhotoCount));
        }
    }

    private async Task<int> PendingAsync(List<UploadTicket> uploads) =>
        (await new PipelineClient(fixture).StatusesAsync(uploads, Token)).Count(status => status == "pending");

    private Task WaitUntilNonePendingAsync(List<UploadTicket> uploads, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => await PendingAsync(uploads) == 0, timeout, "uploads were still pending", Token);

    private static string Drink(int i) => string.Create(CultureInfo.InvariantCulture, $"Drink {i}");
}

/// <summary>The stack's redrive command with every service scaled out: it works on the queues, whatever the copies.</summary>
[Collection(ScaledOutCollection.Name)]
public sealed class ScaledOutDashboardCommandTests(ScaledOutAppFixture fixture) : DashboardCommandTests(fixture);

/// <summary>
/// Emulator restart with every service scaled out: each copy reports unhealthy, the stack is deployed again, and
/// uploads work through whichever copies answer. Its own app: the restart empties the emulator, which would take the
/// web key ring the other scaled-out tests look at.
/// </summary>
[Collection(ScaledOutRestartCollection.Name)]
public sealed class ScaledOutEmulatorRestartTests(ScaledOutAppFixture fixture) : EmulatorRestartTests(fixture);

[CollectionDefinition(Name)]
public sealed class ScaledOutRestartCollection : ICollectionFixture<ScaledOutAppFixture>
{
    public const string Name = "DrinkPipeline app, scaled out, emulator restarted";
}
