using System.Diagnostics;
using System.Net;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 21, item 4: a page follows only the uploads it made (their watch tokens), a client holds a few event streams
/// at most, a stream ends at its lifetime, and it carries the status, the reason and the rendition, nothing else.
/// </summary>
[Collection(AppCollection.Name)]
public class WatchTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task OnlyTheHolderOfAnUploadsWatchTokenFollowsIt()
    {
        var photo = TestImages.Photo(160, 120, seed: 31);
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Watched Bar"), "Paloma", "image/jpeg", photo.Length, Token);
        var other = await Client.PresignAsync(PipelineClient.Unique("Watched Bar"), "Mojito", "image/jpeg", photo.Length, Token);
        var parts = ticket.WatchToken.Split('.');

        string[] refused =
        [
            ticket.UploadId,
            $"{other.UploadId}.{parts[1]}.{parts[2]}",
            $"{ticket.UploadId}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}",
            $"{ticket.WatchToken},{ticket.UploadId}",
        ];
        foreach (var watch in refused)
        {
            using var stream = await Fixture.Web.GetAsync($"/upload-events?watch={Uri.EscapeDataString(watch)}", Token);
            await ProblemAssert.IsProblemAsync(stream, HttpStatusCode.Forbidden, "Only the page that uploaded a photo can follow it");
            using var status = await Fixture.Web.GetAsync($"/?handler=Status&watch={Uri.EscapeDataString(watch)}", Token);
            Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        }

        using var events = await UploadEvents.OpenAsync(Fixture.Web, ticket.WatchToken, Token);
        await PipelineClient.PostToStorageAsync(ticket, photo, "image/jpeg", Token);
        var (name, data, _) = await events.NextAsync(Token);

        Assert.Equal("outcome", name);
        Assert.Equal(["reason", "status", "thumbnailUrl"], data.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal("ready", data.GetProperty("status").GetString());
        var polled = await Fixture.Web.GetStringAsync($"/?handler=Status&watch={ticket.WatchToken}", Token);
        Assert.DoesNotContain("uploads/", polled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientHoldsAFewStreamsAtATimeAndEachEndsAtItsLifetime()
    {
        // Presigned and never sent: it stays pending, so its streams stay open.
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Idle Bar"), "Nothing", "image/jpeg", 1000, Token);
        var opened = Stopwatch.StartNew();
        var streams = new List<UploadEvents>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                streams.Add(await UploadEvents.OpenAsync(Fixture.Web, ticket.WatchToken, Token));
            }

            using (var fourth = await Fixture.Web.GetAsync($"/upload-events?watch={ticket.WatchToken}", HttpCompletionOption.ResponseHeadersRead, Token))
            {
                Assert.NotNull(fourth.Headers.RetryAfter?.Delta);
                await ProblemAssert.IsProblemAsync(fourth, HttpStatusCode.TooManyRequests, "At most 3 upload event streams");
            }

            // Each ends at its lifetime without an event, and gives its place back.
            Assert.Null(await streams[0].NextOrEndAsync(Token));
            Assert.InRange(opened.Elapsed, DrinkPipelineAppFixture.StreamLifetime - TimeSpan.FromSeconds(1), DrinkPipelineAppFixture.StreamLifetime * 2);
            foreach (var stream in streams.Skip(1))
            {
                Assert.Null(await stream.NextOrEndAsync(Token));
            }

            using var again = await UploadEvents.OpenAsync(Fixture.Web, ticket.WatchToken, Token);
        }
        finally
        {
            streams.ForEach(stream => stream.Dispose());
        }
    }
}
