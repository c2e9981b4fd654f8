using System.Net;
using System.Net.Http.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Reports from visitors, the moderators' queue, hiding after Moderation:HideAfterReports (3) reports, keeping and
/// removing. Each test reports as its own client address, so the per-client report limit of one never meets another's.
/// </summary>
[Collection(AppCollection.Name)]
public class ReportTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task AReportIsAcceptedAndQueuedWithItsReasonAndNote()
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Reported Bar"), "Mojito", TestImages.Jpeg, "image/jpeg", Token);

        using var response = await ReportAsync(photo.UploadId, "not-a-drink", "This is a  picture of a cat.");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = Assert.Single(await QueueAsync(), reported => reported.UploadId == photo.UploadId);
        Assert.Equal((1, false, false), (queued.ReportCount, queued.Hidden, queued.Kept));
        Assert.Equal(new Dictionary<string, int> { ["not-a-drink"] = 1 }, queued.Reasons);
        Assert.Equal(["This is a  picture of a cat."], queued.Notes);
    }

    [Theory]
    [InlineData("""{"reason":"boring"}""", "reason must be one of")]
    [InlineData("""{"note":"no reason"}""", "reason must be one of")]
    [InlineData("""{"reason":"spam","note":"a\u0000b"}""", "control character")]
    public async Task ABadReportIsABadRequestProblem(string body, string detail)
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Bad Report Bar"), "Mojito", TestImages.Jpeg, "image/jpeg", Token);

        using var response = await ReportAsync(photo.UploadId, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task ANoteOverFiveHundredCharactersOrAnUnknownPhotoIsAProblem()
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Long Note Bar"), "Mojito", TestImages.Jpeg, "image/jpeg", Token);

        using var longNote = await ReportAsync(photo.UploadId, "other", new string('x', 501));
        using var unknown = await ReportAsync(Guid.CreateVersion7().ToString("N"), "spam", null);

        await ProblemAssert.IsProblemAsync(longNote, HttpStatusCode.BadRequest, "the limit is 500");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ThreeReportsHideAPhotoEverywhereUntilAModeratorKeepsIt()
    {
        var token = new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        var bar = $"Hidden Bar {token}";
        var drink = $"Daiquiri {token}";
        var older = await Client.UploadAsync(bar, drink, TestImages.Png, "image/png", Token);
        var reported = await Client.UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", Token);
        for (var i = 0; i < 2; i++)
        {
            (await ReportAsync(reported.UploadId, "offensive", null, from: AnotherVisitor())).Dispose();
        }

        Assert.Equal(reported.UploadId, (await Client.GetPhotoAsync(bar, drink, Token)).UploadId);
        (await ReportAsync(reported.UploadId, "spam", null, from: AnotherVisitor())).Dispose();

        // Hidden: the lookup falls back to the older photo, and the photo is out of the list, the feed, search and its link.
        Assert.Equal((older.UploadId, 2), await LookupAsync(bar, drink));
        Assert.Equal([older.UploadId], await PhotoIdsAsync(bar, drink));
        Assert.DoesNotContain(reported.UploadId, await RecentIdsAsync());
        Assert.Equal([older.UploadId], (await SearchAsync(token)).Drinks.Select(drink => drink.UploadId));
        using (var link = await Fixture.Api.GetAsync($"/api/photos/{reported.UploadId}", Token))
        {
            await ProblemAssert.IsProblemAsync(link, HttpStatusCode.NotFound, "hidden while moderators review");
        }

        // And from its status, which the upload page reads through the web app's status handler and event stream.
        using (var status = await Fixture.Api.GetAsync($"/api/uploads/{reported.UploadId}", Token))
        {
            await ProblemAssert.IsProblemAsync(status, HttpStatusCode.NotFound);
        }

        using (var webStatus = await Fixture.Web.GetAsync($"/?handler=Status&watch={Client.WatchTokenOf(reported.UploadId)}", Token))
        {
            await ProblemAssert.IsProblemAsync(webStatus, HttpStatusCode.NotFound);
        }

        using (var events = await UploadEvents.OpenAsync(Fixture.Web, Client.WatchTokenOf(reported.UploadId), Token))
        {
            var (name, data, _) = await events.NextAsync(Token);
            Assert.Equal(("problem", 404), (name, data.GetProperty("status").GetInt32()));
        }

        var queued = Assert.Single(await QueueAsync(), photo => photo.UploadId == reported.UploadId);
        Assert.Equal((3, true), (queued.ReportCount, queued.Hidden));
        Assert.Equal(new Dictionary<string, int> { ["offensive"] = 2, ["spam"] = 1 }, queued.Reasons);

        using var keep = await AdminAsync(HttpMethod.Post, $"/api/admin/photos/{reported.UploadId}/keep");
        Assert.Equal(HttpStatusCode.NoContent, keep.StatusCode);

        Assert.Equal((reported.UploadId, 2), await LookupAsync(bar, drink));
        Assert.Equal([reported.UploadId, older.UploadId], await PhotoIdsAsync(bar, drink));
        Assert.Contains(reported.UploadId, await RecentIdsAsync());
        Assert.Equal("ready", (await Client.GetStatusAsync(reported.UploadId, Token)).Status);
        Assert.Equal([reported.UploadId], (await SearchAsync(token)).Drinks.Select(drink => drink.UploadId));
        Assert.DoesNotContain(await QueueAsync(), photo => photo.UploadId == reported.UploadId);

        // Kept: later reports queue it again but no longer hide it.
        (await ReportAsync(reported.UploadId, "spam", null)).Dispose();
        Assert.Equal(reported.UploadId, (await Client.GetPhotoAsync(bar, drink, Token)).UploadId);
        Assert.True(Assert.Single(await QueueAsync(), photo => photo.UploadId == reported.UploadId).Kept);
    }

    [Fact]
    public async Task HidingADrinksOnlyPhotoHidesTheDrinkAndTheBarsThumbnailUntilKept()
    {
        var token = new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        var (bar, drink) = ($"Lonely Bar {token}", $"Paloma {token}");
        var photo = await Client.UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", Token);
        for (var i = 0; i < 3; i++)
        {
            (await ReportAsync(photo.UploadId, "offensive", null, from: AnotherVisitor())).Dispose();
        }

        using (var lookup = await Client.GetDrinkAsync(bar, drink, Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        }

        var hidden = await SearchAsync(token);
        Assert.Empty(hidden.Drinks);
        Assert.Null(Assert.Single(hidden.Bars).ThumbnailUrl);
        Assert.Empty((await Fixture.Api.GetFromJsonAsync<DrinkList>($"/api/bars/{PathSegments.Encode(bar)}/drinks", PipelineClient.Json, Token))!.Drinks);
        using (var drinkPage = await Fixture.Api.GetAsync($"/api/drinks/{PathSegments.Encode(drink)}/bars", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, drinkPage.StatusCode);
        }

        (await AdminAsync(HttpMethod.Post, $"/api/admin/photos/{photo.UploadId}/keep")).Dispose();

        Assert.Equal((photo.UploadId, 1), await LookupAsync(bar, drink));
        var shown = await SearchAsync(token);
        Assert.Equal([photo.UploadId], shown.Drinks.Select(found => found.UploadId));
        Assert.Contains(photo.UploadId, Assert.Single(shown.Bars).ThumbnailUrl);
    }

    [Fact]
    public async Task RemovingAReportedPhotoTakesItOutOfTheQueueAndItsLinkIsGone()
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Removed Report Bar"), "Caipirinha", TestImages.Jpeg, "image/jpeg", Token);
        (await ReportAsync(photo.UploadId, "offensive", null)).Dispose();

        using var removed = await AdminAsync(HttpMethod.Delete, $"/api/admin/photos/{photo.UploadId}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain(await QueueAsync(), queued => queued.UploadId == photo.UploadId);
        using var link = await Fixture.Api.GetAsync($"/api/photos/{photo.UploadId}", Token);
        await ProblemAssert.IsProblemAsync(link, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task AReuploadOfARemovedPhotoIsRemovedWithIt()
    {
        var bar = PipelineClient.Unique("Repeat Bar");
        var original = await Client.UploadAsync(bar, "Gimlet", TestImages.Jpeg, "image/jpeg", Token);
        var repeat = await Client.UploadAsync(bar, "Gimlet", TestImages.Jpeg, "image/jpeg", Token);
        Assert.Equal(original.UploadId, repeat.DuplicateOf);

        (await AdminAsync(HttpMethod.Delete, $"/api/admin/photos/{original.UploadId}")).Dispose();

        var status = await Client.GetStatusAsync(repeat.UploadId, Token);
        Assert.Equal(("removed", null), (status.Status, status.ThumbnailUrl));
        using var link = await Fixture.Api.GetAsync($"/api/photos/{repeat.UploadId}", Token);
        await ProblemAssert.IsProblemAsync(link, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task OneReporterHidesNothingHoweverOftenItReportsAndOneIpv6BlockIsOneReporter()
    {
        var (bar, drink) = (PipelineClient.Unique("Grudge Bar"), "Martinez");
        var photo = await Client.UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", Token);
        var block = $"2001:db8:{Random.Shared.Next(0x10000):x}";

        for (var i = 0; i < 3; i++)
        {
            using var again = await ReportAsync(photo.UploadId, "offensive", null);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        foreach (var host in (string[])["a::1", "b::2", "ffff:ffff::3"])
        {
            using var sameBlock = await ReportAsync(photo.UploadId, "spam", null, from: $"{block}:{host}");
            Assert.Equal(HttpStatusCode.Accepted, sameBlock.StatusCode);
        }

        // Two reporters: the client, and the /48 block however many addresses it used. Not hidden.
        Assert.Equal(photo.UploadId, (await Client.GetPhotoAsync(bar, drink, Token)).UploadId);
        var queued = Assert.Single(await QueueAsync(), entry => entry.UploadId == photo.UploadId);
        Assert.Equal((2, false), (queued.ReportCount, queued.Hidden));

        (await ReportAsync(photo.UploadId, "spam", null, from: AnotherVisitor())).Dispose();

        using var lookup = await Client.GetDrinkAsync(bar, drink, Token);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    /// <summary>A visitor other than this test's client, and other than every visitor before.</summary>
    private string AnotherVisitor() => new PipelineClient(Fixture).ClientAddress;

    [Fact]
    public async Task ReportsAreLimitedPerClient()
    {
        var photo = await Client.UploadAsync(PipelineClient.Unique("Flooded Bar"), "Negroni", TestImages.Jpeg, "image/jpeg", Token);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await ReportAsync(photo.UploadId, "spam", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "reports per");
            }
        }

        // Ten per window (10 s in the tests): the eleventh is refused unless a window boundary fell in between.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses.Skip(10).Concat(statuses.Take(10).Skip(9)));
    }

    /// <summary>A report from <paramref name="from"/>, by default this test's client.</summary>
    private Task<HttpResponseMessage> ReportAsync(string uploadId, string reason, string? note, string? from = null) =>
        ReportAsync(uploadId, JsonContent.Create(new { reason, note }), from);

    private Task<HttpResponseMessage> ReportAsync(string uploadId, HttpContent body, string? from = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/photos/{uploadId}/reports") { Content = body };
        Fixture.ForwardFor(request, from ?? Client.ClientAddress);
        return Fixture.Api.SendAsync(request, Token);
    }

    private Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Admin-Key", Fixture.AdminKey);
        return Fixture.Api.SendAsync(request, Token);
    }

    private async Task<List<ReportedPhotoResponse>> QueueAsync()
    {
        using var response = await AdminAsync(HttpMethod.Get, "/api/admin/reports?limit=100");
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<ReportedPhotoList>(PipelineClient.Json, Token))!.Photos];
    }

    private async Task<(string UploadId, int PhotoCount)> LookupAsync(string bar, string drink)
    {
        var photo = await Client.GetPhotoAsync(bar, drink, Token);
        return (photo.UploadId, photo.PhotoCount);
    }

    private async Task<List<string>> PhotoIdsAsync(string bar, string drink) =>
        [.. (await Fixture.Api.GetFromJsonAsync<PhotoList>($"/api/bars/{PathSegments.Encode(bar)}/drinks/{PathSegments.Encode(drink)}/photos", PipelineClient.Json, Token))!.Photos.Select(photo => photo.UploadId)];

    private async Task<List<string>> RecentIdsAsync() =>
        [.. (await Fixture.Api.GetFromJsonAsync<RecentPhotoList>("/api/photos/recent?limit=50", PipelineClient.Json, Token))!.Photos.Select(photo => photo.UploadId)];

    private async Task<SearchResponse> SearchAsync(string q) =>
        (await Fixture.Api.GetFromJsonAsync<SearchResponse>($"/api/search?q={q}", PipelineClient.Json, Token))!;
}
