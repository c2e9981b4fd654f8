using System.Net;
using System.Net.Http.Json;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// One search across every bar and drink, the drink → bars list, and the signed cursors every list pages with. Names
/// carry a unique token word, so a query finds only this test's photos in the shared app.
/// </summary>
[Collection(AppCollection.Name)]
public class SearchTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task AWordPrefixFindsADrinkAtEveryBarFirstWordMatchesFirstThenNewest()
    {
        var token = Token8();
        var first = await Client.UploadAsync($"Bar One {token}", $"{Capitalised(token)} Sbagliato", TestImages.Jpeg, "image/jpeg", Token);
        var older = await Client.UploadAsync($"Bar Two {token}", $"Classic {Capitalised(token)}", TestImages.Jpeg, "image/jpeg", Token);
        var newest = await Client.UploadAsync($"Bar Three {token}", $"{token.ToUpperInvariant()} SBAGLIATO", TestImages.Png, "image/png", Token);

        var found = await SearchAsync(token[..5]);

        // First-word matches (newest first), then the drink whose other word matches.
        Assert.Equal([newest.UploadId, first.UploadId, older.UploadId], found.Drinks.Select(drink => drink.UploadId));
        Assert.Equal(($"Bar Three {token}", $"{token.ToUpperInvariant()} SBAGLIATO", 1), (found.Drinks[0].BarName, found.Drinks[0].DrinkName, found.Drinks[0].PhotoCount));
        Assert.All(found.Drinks, drink => Assert.NotNull(drink.ThumbnailUrl));
        // The bars' names hold the token too; each has one drink.
        Assert.Equal(3, found.Bars.Count);
        Assert.All(found.Bars, bar => Assert.Equal(1, bar.DrinkCount));
        Assert.Null(found.NextCursor);
    }

    [Fact]
    public async Task SearchIgnoresCaseAccentsAndPunctuationAndNeedsEveryWord()
    {
        var token = Token8();
        await Client.UploadAsync($"Café Zürich {token}", "Flat White", TestImages.Jpeg, "image/jpeg", Token);
        await Client.UploadAsync($"Joe's Bar {token}", "Flat White", TestImages.Jpeg, "image/jpeg", Token);

        Assert.Equal([$"Café Zürich {token}"], (await SearchAsync($"ZUR {token[..4]}")).Bars.Select(bar => bar.BarName));
        Assert.Equal([$"Café Zürich {token}"], (await SearchAsync($"cafe {token}")).Bars.Select(bar => bar.BarName));
        Assert.Equal([$"Joe's Bar {token}"], (await SearchAsync($"joe {token[..3]}")).Bars.Select(bar => bar.BarName));
        Assert.Empty((await SearchAsync($"joe zur {token}")).Bars);
    }

    [Fact]
    public async Task BothListsPageWithOneCursorUntilBothAreDone()
    {
        var token = Token8();
        var uploads = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            uploads.Add((await Client.UploadAsync($"Paging Bar {i} {token}", $"Drink {token}", TestImages.Jpeg, "image/jpeg", Token)).UploadId);
        }

        var drinks = new List<string>();
        var bars = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await SearchAsync(token, limit: 2, cursor);
            drinks.AddRange(page.Drinks.Select(drink => drink.UploadId));
            bars.AddRange(page.Bars.Select(bar => bar.BarName));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 5);

        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Reverse(uploads), drinks);
        Assert.Equal(3, bars.Distinct().Count());
    }

    [Theory]
    [InlineData("", "must not be blank")]
    [InlineData("   ", "must not be blank")]
    [InlineData("n", "at least two characters")]
    public async Task AQueryTooShortIsABadRequestProblem(string q, string detail)
    {
        using var response = await Fixture.Api.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task AQueryOverAHundredCharactersIsABadRequestProblem()
    {
        using var response = await Fixture.Api.GetAsync($"/api/search?q={new string('a', 101)}", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "limit is 100");
    }

    [Fact]
    public async Task ADrinksPageListsEveryBarWithItNewestFirstInPages()
    {
        var drink = $"Paloma {Token8()}";
        var older = await Client.UploadAsync(PipelineClient.Unique("Paloma Bar"), drink, TestImages.Jpeg, "image/jpeg", Token);
        var newer = await Client.UploadAsync(PipelineClient.Unique("Paloma Bar"), drink.ToUpperInvariant(), TestImages.Png, "image/png", Token);

        var first = await Fixture.Api.GetFromJsonAsync<DrinkBarList>($"/api/drinks/{PathSegments.Encode(drink)}/bars?limit=1", PipelineClient.Json, Token);
        var second = await Fixture.Api.GetFromJsonAsync<DrinkBarList>(
            $"/api/drinks/{PathSegments.Encode(drink)}/bars?limit=1&cursor={Uri.EscapeDataString(first!.NextCursor!)}", PipelineClient.Json, Token);

        // The heading spells the drink as the bar with the newest photo does.
        Assert.Equal(drink.ToUpperInvariant(), first.DrinkName);
        Assert.Equal([newer.UploadId, older.UploadId], first.Bars.Concat(second!.Bars).Select(bar => bar.UploadId));
        Assert.Null(second.NextCursor);
        using var unknown = await Fixture.Api.GetAsync($"/api/drinks/{PathSegments.Encode(Token8())}/bars", Token);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryListPagesWithACursorAndEndsWithNull()
    {
        var bar = PipelineClient.Unique("Paged Bar");
        foreach (var drink in new[] { "Aperol Spritz", "Bellini", "Campari Soda" })
        {
            await Client.UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", Token);
        }

        await Client.UploadAsync(bar, "Bellini", TestImages.Png, "image/png", Token);

        var drinks = await ReadAllAsync<DrinkList>($"/api/bars/{PathSegments.Encode(bar)}/drinks?limit=2", list => list.Drinks.Count, list => list.NextCursor);
        Assert.Equal([2, 1], drinks.Select(list => list.Drinks.Count));
        Assert.Equal(["Aperol Spritz", "Bellini", "Campari Soda"], drinks.SelectMany(list => list.Drinks).Select(drink => drink.DrinkName));

        var photos = await ReadAllAsync<PhotoList>($"/api/bars/{PathSegments.Encode(bar)}/drinks/Bellini/photos?limit=1", list => list.Photos.Count, list => list.NextCursor);
        Assert.Equal([1, 1], photos.Select(list => list.Photos.Count));

        var bars = await ReadAllAsync<BarList>($"/api/bars?prefix={Uri.EscapeDataString(bar)}&limit=1", list => list.Bars.Count, list => list.NextCursor);
        Assert.Equal([bar], bars.SelectMany(list => list.Bars));

        var recent = await Fixture.Api.GetFromJsonAsync<RecentPhotoList>("/api/photos/recent?limit=2", PipelineClient.Json, Token);
        var more = await Fixture.Api.GetFromJsonAsync<RecentPhotoList>($"/api/photos/recent?limit=2&cursor={Uri.EscapeDataString(recent!.NextCursor!)}", PipelineClient.Json, Token);
        Assert.Equal(2, more!.Photos.Count);
        Assert.Empty(recent.Photos.Select(photo => photo.UploadId).Intersect(more.Photos.Select(photo => photo.UploadId)));
        Assert.True(recent.Photos[^1].ReadyAt > more.Photos[0].ReadyAt);
    }

    [Fact]
    public async Task ATamperedOrForeignCursorIsABadRequestProblem()
    {
        var token = Token8();
        for (var i = 0; i < 2; i++)
        {
            await Client.UploadAsync($"Cursor Bar {i} {token}", $"Cursor Drink {token}", TestImages.Jpeg, "image/jpeg", Token);
        }

        var cursor = (await SearchAsync(token, limit: 1)).NextCursor!;
        var payload = cursor[..cursor.IndexOf('.', StringComparison.Ordinal)];
        var tampered = (payload[^1] == 'A' ? payload[..^1] + "B" : payload[..^1] + "A") + cursor[payload.Length..];

        foreach (var path in new[]
        {
            $"/api/search?q={token}&limit=1&cursor={Uri.EscapeDataString(tampered)}",
            $"/api/search?q=other{token}&limit=1&cursor={Uri.EscapeDataString(cursor)}",
            $"/api/photos/recent?cursor={Uri.EscapeDataString(cursor)}",
            "/api/photos/recent?cursor=not-a-cursor",
        })
        {
            using var response = await Fixture.Api.GetAsync(path, Token);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "nextCursor");
        }
    }

    [Fact]
    public async Task ABarWhoseLastPhotoIsRemovedLeavesAutocompleteAndSearch()
    {
        var token = Token8();
        var bar = $"Closing Bar {token}";
        var only = await Client.UploadAsync(bar, "Last Call", TestImages.Jpeg, "image/jpeg", Token);
        Assert.Equal([bar], (await SearchAsync(token)).Bars.Select(found => found.BarName));

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/photos/{only.UploadId}");
        request.Headers.Add("X-Admin-Key", Fixture.AdminKey);
        using var deleted = await Fixture.Api.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await SearchAsync(token)).Bars);
        var bars = await Fixture.Api.GetFromJsonAsync<BarList>($"/api/bars?prefix={Uri.EscapeDataString(bar)}", PipelineClient.Json, Token);
        Assert.Empty(bars!.Bars);
    }

    [Fact]
    public async Task RemovingABarsNewestPhotoGivesTheBarItsNextNewestThumbnail()
    {
        var token = Token8();
        var bar = $"Thumb Bar {token}";
        await Client.UploadAsync(bar, "First", TestImages.Jpeg, "image/jpeg", Token);
        var second = await Client.UploadAsync(bar, "Second", TestImages.Png, "image/png", Token);
        Assert.Contains(second.UploadId, (await SearchAsync(token)).Bars.Single().ThumbnailUrl);

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/photos/{second.UploadId}");
        request.Headers.Add("X-Admin-Key", Fixture.AdminKey);
        using var deleted = await Fixture.Api.SendAsync(request, Token);

        var after = (await SearchAsync(token)).Bars.Single();
        Assert.Equal(1, after.DrinkCount);
        Assert.DoesNotContain(second.UploadId, after.ThumbnailUrl);
        using var http = new HttpClient();
        using var thumbnail = await http.GetAsync(after.ThumbnailUrl, Token);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
    }

    [Fact]
    public async Task TheUpgradeGivesDataFromBeforeSearchItsWordsAndLetsReadyRecordsLast()
    {
        var (dynamo, resources) = (Fixture.Dynamo, Fixture.Resources);
        // A drink, its bar and its upload as the worker wrote them before search: no words, and an expiring record.
        var token = Token8();
        var (bar, drink, uploadId) = ($"Legacy Bar {token}", "Old Tom Collins", Guid.CreateVersion7().ToString("N"));
        var uploadedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await dynamo.PutItemAsync(resources.DrinksTableName, new()
        {
            ["BarName"] = new() { S = NameRules.IdentityKey(bar) },
            ["DrinkName"] = new() { S = NameRules.IdentityKey(drink) },
            ["BarDisplayName"] = new() { S = bar },
            ["DrinkDisplayName"] = new() { S = drink },
            ["DrinkSearchKey"] = new() { S = Tables.SearchSortKey(drink) },
            ["S3ObjectKey"] = new() { S = $"uploads/{bar}/{drink}/{uploadId}.jpg" },
            ["UploadId"] = new() { S = uploadId },
            ["ContentType"] = new() { S = "image/jpeg" },
            ["SizeBytes"] = new() { N = "1000" },
            ["UploadedAt"] = new() { S = uploadedAt },
            ["PhotoCount"] = new() { N = "2" },
        }, Token);
        await dynamo.PutItemAsync(resources.BarsTableName, new()
        {
            ["BarName"] = new() { S = NameRules.IdentityKey(bar) },
            ["DisplayName"] = new() { S = bar },
        }, Token);
        await dynamo.PutItemAsync(resources.UploadsTableName, new()
        {
            ["UploadId"] = new() { S = uploadId },
            ["Status"] = new() { S = "ready" },
            ["ExpiresAt"] = new() { N = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, Token);
        Assert.Empty((await SearchAsync($"tom {token}")).Drinks.Concat<object>((await SearchAsync(token)).Bars));
        // The worker ran the upgrade when the app started; take its marker and its lease away and restart the worker
        // to run it again over the data above, as a deploy of the upgrade would (through the worker's role:
        // IamAuditTests).
        var upgrade = new CatalogUpgrade(dynamo, Options.Create(resources));
        foreach (var key in new[] { upgrade.DoneKey, $"lease{Tables.KeySeparator}{upgrade.Name}" })
        {
            await dynamo.DeleteItemAsync(resources.CoordinationTableName, new() { ["Key"] = new() { S = key } }, Token);
        }

        var commands = Fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var worker = Fixture.Instances["worker"].Single();
        Assert.True((await commands.ExecuteCommandAsync(worker, KnownResourceCommands.StopCommand, Token)).Success);
        Assert.True((await commands.ExecuteCommandAsync(worker, KnownResourceCommands.StartCommand, Token)).Success);
        await Replicas.WaitForHealthyAsync(Fixture.App, "worker", 1, Token);

        await Eventually.TrueAsync(() => upgrade.IsDoneAsync(Token), TimeSpan.FromSeconds(60), "the restarted worker did not finish the upgrade", Token);
        var found = Assert.Single((await SearchAsync("tom coll")).Drinks, match => match.UploadId == uploadId);
        Assert.Equal((bar, drink, 2), (found.BarName, found.DrinkName, found.PhotoCount));
        Assert.Equal([bar], (await SearchAsync(token)).Bars.Select(match => match.BarName));
        var record = await dynamo.GetItemAsync(resources.UploadsTableName, new() { ["UploadId"] = new() { S = uploadId } }, Token);
        Assert.False(record.Item.ContainsKey("ExpiresAt"));
    }

    private async Task<SearchResponse> SearchAsync(string q, int? limit = null, string? cursor = null) =>
        (await Fixture.Api.GetFromJsonAsync<SearchResponse>(
            $"/api/search?q={Uri.EscapeDataString(q)}" + (limit is null ? "" : $"&limit={limit}") + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"),
            PipelineClient.Json,
            Token))!;

    private async Task<List<T>> ReadAllAsync<T>(string firstPath, Func<T, int> count, Func<T, string?> next)
    {
        var pages = new List<T>();
        var path = firstPath;
        while (pages.Count < 10)
        {
            var page = (await Fixture.Api.GetFromJsonAsync<T>(path, PipelineClient.Json, Token))!;
            pages.Add(page);
            if (next(page) is not { } cursor)
            {
                break;
            }

            Assert.True(count(page) > 0, "a page before the end was empty");
            path = $"{firstPath}&cursor={Uri.EscapeDataString(cursor)}";
        }

        return pages;
    }

    /// <summary>A word of eight letters no other test uses: search by it finds this test's names only.</summary>
    private static string Token8() => new([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
