using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The upload page's event stream: outcomes pushed by the worker through the web app, not polled.</summary>
[Collection(AppCollection.Name)]
public class ReadyPushTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task OutcomesReachTheEventStreamWithinASecondOfTheWorkersWrite()
    {
        var bar = PipelineClient.Unique("Push Bar");
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var photo = TestImages.Photo(160, 120, seed: 100 + i);
            var ticket = await Client.PresignAsync(bar, $"Drink {i}", "image/jpeg", photo.Length, Token);
            using var events = await UploadEvents.OpenAsync(Fixture.Web, ticket.WatchToken, Token);
            await PipelineClient.PostToStorageAsync(ticket, photo, "image/jpeg", Token);

            var (name, data, receivedAt) = await events.NextAsync(Token);

            Assert.Equal("outcome", name);
            Assert.Equal("ready", data.GetProperty("status").GetString());
            var written = await WrittenAtAsync(ticket.UploadId);
            latencies.Add(receivedAt - written);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"write → event: {string.Join(", ", latencies.Select(latency => $"{latency.TotalMilliseconds:F0} ms"))}");
        // The web copy rechecks waiting uploads every 5 s when pushes are on: a second apart means each was pushed.
        Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(1), $"an outcome took {latency.TotalMilliseconds:F0} ms to arrive"));
    }

    [Fact]
    public async Task ARejectionIsPushedToo()
    {
        var text = "plain text, no photo"u8.ToArray();
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Push Bar"), "Fake", "image/png", text.Length, Token);
        using var events = await UploadEvents.OpenAsync(Fixture.Web, ticket.WatchToken, Token);
        await PipelineClient.PostToStorageAsync(ticket, text, "image/png", Token);

        var (name, data, _) = await events.NextAsync(Token);

        Assert.Equal("outcome", name);
        Assert.Equal("rejected", data.GetProperty("status").GetString());
        Assert.Contains("not a PNG image", data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task OnlyTheWorkerMayPushOutcomes()
    {
        using var response = await Fixture.Web.PostAsJsonAsync(UploadOutcomeListeners.Path, new[] { new UploadOutcome(ObjectKeys.NewUploadId(), "ready") }, Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "Only the worker pushes outcomes here.");
    }

    [Fact]
    public async Task AStreamNeedsWatchTokens()
    {
        using var response = await Fixture.Web.GetAsync("/upload-events", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Give 1 to 20 watch tokens, comma-separated");
    }

    /// <summary>When the worker wrote the outcome: the status's updatedAt, set by the worker just before its write.</summary>
    private async Task<DateTimeOffset> WrittenAtAsync(string uploadId)
    {
        using var status = JsonDocument.Parse(await Fixture.Api.GetStringAsync($"/api/uploads/{uploadId}", Token));
        return DateTimeOffset.Parse(status.RootElement.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture);
    }
}
