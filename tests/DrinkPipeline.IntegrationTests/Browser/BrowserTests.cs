using System.Net.Http.Json;
using System.Net;
using System.Text;
using DrinkPipeline.Testing;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The web pages in a real browser against the real app: what a person sees and does.</summary>
[Collection(AppCollection.Name)]
public sealed class BrowserTests(DrinkPipelineAppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> consoleErrors = [];
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async ValueTask InitializeAsync()
    {
        context = await browser.Browser.NewContextAsync(new() { BaseURL = fixture.Web.BaseAddress!.ToString(), ViewportSize = new() { Width = 900, Height = 1100 } });
        context.SetDefaultTimeout(30_000);
        page = await context.NewPageAsync();
        // CSP violations and script errors surface here; every test ends by checking there were none.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task DroppedPhotosUploadWithProgressAndShowTheirThumbnails()
    {
        var bar = PipelineClient.Unique("Drop Bar");
        await page.GotoAsync("/");
        await page.FillAsync("#batch-bar", bar);

        await DropFilesAsync("#dropzone", ("negroni.jpg", "image/jpeg", TestImages.Jpeg), ("spritz.jpg", "image/jpeg", TestImages.CameraJpeg));
        var rows = page.Locator(".upload-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await rows.Nth(0).Locator("input[data-name=drink]").FillAsync("Negroni");
        await rows.Nth(1).Locator("input[data-name=drink]").FillAsync("Spritz");
        Assert.Equal(bar, await rows.Nth(1).Locator("input[data-name=bar]").InputValueAsync());
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.ClickAsync("#upload-button");

        await WaitForOutcomesAsync();
        // The outcomes came as server-sent events, without a status poll.
        Assert.Contains(requested, url => url.Contains("/upload-events?watch=", StringComparison.Ordinal));
        Assert.DoesNotContain(requested, url => url.Contains("handler=Status", StringComparison.Ordinal));
        await Screenshot("upload-dropped");
        for (var i = 0; i < 2; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal("ready", await row.GetAttributeAsync("data-status"));
            Assert.Equal("100", await row.Locator("progress").EvaluateAsync<string>("progress => String(progress.value)"));
            var thumbnail = row.Locator("img.thumbnail");
            await Assertions.Expect(thumbnail).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await thumbnail.EvaluateAsync<int>("image => image.naturalWidth") > 0, "the thumbnail did not render");
        }

        // The home page lists what was just added, newest first, and remembers the bar for the next photo.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#recent-photos li").First).ToContainTextAsync(bar);
        Assert.Equal(bar, await page.InputValueAsync("#batch-bar"));
        await Screenshot("home-recent");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task APhonesBigPhotoIsPreparedInThePageUprightSmallWithItsCameraAndWithoutItsLocation()
    {
        // As phones shoot: 4000 × 3000 stored sideways (orientation 6), with GPS.
        byte[] photo;
        using (var image = PhotoFactory.Textured(4000, 3000, seed: 7))
        {
            photo = PhotoFactory.Jpeg(image, quality: 92, exif: new CameraExif(6, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246));
        }

        var (drink, stored) = await UploadOnePhotoAsync("Phone Bar", "Mojito", ("IMG_0001.jpg", "image/jpeg", photo));

        Assert.True(stored.Length < 1024 * 1024, $"{stored.Length:N0} bytes went up");
        using var sent = NetVips.Image.NewFromBuffer(stored);
        Assert.Equal((1536, 2048), (sent.Width, sent.Height));
        Assert.DoesNotContain(sent.GetFields(), field => field.StartsWith("exif-ifd3", StringComparison.Ordinal));
        Assert.True(sent.Contains("orientation") is false || (int)sent.Get("orientation") == 1);
        Assert.Equal((1536, 2048, "Apple iPhone 17"), (drink.Width, drink.Height, drink.Camera));
        Assert.Equal(new DateTime(2026, 11, 21, 19, 30, 0), drink.TakenAt?.DateTime);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AHeicPhotoIsDecodedInThePageAndGoesUpAsAJpegWithItsCameraAndWithoutItsLocation()
    {
        // A phone's 12 MP HEIC (HEVC, 4032 × 3024) with GPS, which Chromium cannot decode and the server refuses.
        byte[] heic;
        using (var image = PhotoFactory.Textured(4032, 3024, seed: 11))
        {
            var jpeg = PhotoFactory.Jpeg(image, quality: 90, exif: new CameraExif(1, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246));
            heic = await BrowserFixture.HeicAsync(jpeg, TestContext.Current.CancellationToken);
        }

        var (drink, stored) = await UploadOnePhotoAsync("Heic Bar", "Martini", ("IMG_0002.HEIC", "image/heic", heic));

        Assert.True(stored.Length < 1024 * 1024, $"{stored.Length:N0} bytes went up");
        using var sent = NetVips.Image.NewFromBuffer(stored);
        Assert.Equal("jpegload_buffer", (string)sent.Get("vips-loader"));
        Assert.Equal((2048, 1536), (sent.Width, sent.Height));
        Assert.DoesNotContain(sent.GetFields(), field => field.StartsWith("exif-ifd3", StringComparison.Ordinal));
        Assert.Equal("Apple iPhone 17", drink.Camera);
        Assert.Equal(new DateTime(2026, 11, 21, 19, 30, 0), drink.TakenAt?.DateTime);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task APageWhoseFormTokenWentStaleStillUploads()
    {
        var bar = PipelineClient.Unique("Stale Token Bar");
        await AddPhotoAsync(bar, "Gimlet");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the token the page asked for as it opened is in
        // The antiforgery cookie the page's token belongs to is gone, as for a page the service worker kept.
        await context.ClearCookiesAsync();
        var presigns = new List<int>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("handler=Presign", StringComparison.Ordinal))
            {
                presigns.Add(response.Status);
            }
        };
        await page.ClickAsync("#upload-button");
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        // Refused once as stale, then sent again with a fresh token.
        Assert.Equal([400, 200], presigns);
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Gimlet", TestContext.Current.CancellationToken)).PhotoCount);
    }

    [Fact]
    public async Task AnUploadTappedWithoutASignalGoesUpByItselfWhenTheSignalReturns()
    {
        var bar = PipelineClient.Unique("Offline Bar");
        await AddPhotoAsync(bar, "Mojito");
        var row = page.Locator(".upload-row");

        await context.SetOfflineAsync(true);
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "waiting");
        await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("Waiting for a signal");
        await Assertions.Expect(row.Locator(".retry")).ToBeVisibleAsync();
        await Screenshot("upload-waiting-for-signal");
        await context.SetOfflineAsync(false);
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await row.GetAttributeAsync("data-status"));
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Mojito", TestContext.Current.CancellationToken)).PhotoCount);
        // The failed requests while offline are console errors of the browser's own (net::ERR_INTERNET_DISCONNECTED).
        Assert.DoesNotContain(consoleErrors, error => !error.Contains("ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APhotoSentWithoutASignalIsStillThereWhenThePageIsOpenedAgainAndGoesUp()
    {
        var bar = PipelineClient.Unique("Closed Tab Bar");
        await AddPhotoAsync(bar, "Daiquiri");
        await context.SetOfflineAsync(true);
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(page.Locator(".upload-row")).ToHaveAttributeAsync("data-status", "waiting");

        // The tab is closed; later, with a signal, the page is opened again.
        await page.CloseAsync();
        await context.SetOfflineAsync(false);
        page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var row = page.Locator(".upload-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("input[data-name=drink]")).ToHaveValueAsync("Daiquiri");
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await row.GetAttributeAsync("data-status"));
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Daiquiri", TestContext.Current.CancellationToken)).PhotoCount);
        // Ready: out of the queue, so the next visit starts empty.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".upload-row")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task APostWhoseAnswerWasLostIsSentAgainAndMakesOnePhoto()
    {
        // The first post reaches storage, but its answer never reaches the page: the signal went on the way back.
        var storageOrigin = new Uri(fixture.S3.Config.ServiceURL).GetLeftPart(UriPartial.Authority);
        var posts = 0;
        await page.RouteAsync($"{storageOrigin}/**", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref posts) == 1)
            {
                await using var landed = await route.FetchAsync();
                await route.AbortAsync("internetdisconnected");
                return;
            }

            await route.ContinueAsync();
        });
        var bar = PipelineClient.Unique("Lost Answer Bar");
        await AddPhotoAsync(bar, "Negroni");

        await page.ClickAsync("#upload-button");
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        Assert.Equal(2, posts);
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Negroni", TestContext.Current.CancellationToken)).PhotoCount);
    }

    [Fact]
    public async Task OnATouchScreenTakeAPhotoOpensTheRearCameraAndAddsTheShot()
    {
        await using var phone = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.Web.BaseAddress!.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var phonePage = await phone.NewPageAsync();
        await phonePage.GotoAsync("/");
        await page.GotoAsync("/");

        var takeAPhoto = phonePage.Locator("label[for=camera]");
        await Assertions.Expect(takeAPhoto).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("label[for=camera]")).ToBeHiddenAsync();
        Assert.Equal(("image/*", "environment"), (await phonePage.GetAttributeAsync("#camera", "accept"), await phonePage.GetAttributeAsync("#camera", "capture")));
        await phonePage.SetInputFilesAsync("#camera", new FilePayload { Name = "shot.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg });
        await Assertions.Expect(phonePage.Locator(".upload-row .file-name")).ToContainTextAsync("shot.jpg");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task PastedPhotoGetsItsOwnRow()
    {
        await page.GotoAsync("/");

        await page.EvaluateAsync(
            """
            content => {
              const transfer = new DataTransfer();
              const bytes = Uint8Array.from(atob(content), c => c.charCodeAt(0));
              transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
              document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
            }
            """,
            Convert.ToBase64String(TestImages.Png));

        var row = page.Locator(".upload-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.Equal("new", await row.GetAttributeAsync("data-status"));
        await Assertions.Expect(row.Locator(".file-name")).ToContainTextAsync("image.png");
        await Assertions.Expect(row.Locator("input[data-name=drink]")).ToBeFocusedAsync();
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task CancelStopsAnUploadInFlight()
    {
        // Hold the post to storage so the upload is still in flight when Cancel is pressed.
        var storageOrigin = new Uri(fixture.S3.Config.ServiceURL).GetLeftPart(UriPartial.Authority);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync($"{storageOrigin}/**", async route =>
        {
            if (route.Request.Method == "POST")
            {
                held.TrySetResult();
                await release.Task;
            }

            await route.ContinueAsync();
        });
        await page.GotoAsync("/");
        await page.FillAsync("#batch-bar", PipelineClient.Unique("Cancel Bar"));
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "slow.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg });
        await page.FillAsync(".upload-row input[data-name=drink]", "Slow Gin");
        await page.ClickAsync("#upload-button");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var row = page.Locator(".upload-row");
        Assert.Equal("uploading", await row.GetAttributeAsync("data-status"));
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel slow.jpg" }).ClickAsync();

        Assert.Equal("cancelled", await row.GetAttributeAsync("data-status"));
        await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("Cancelled");
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        release.SetResult();
    }

    [Fact]
    public async Task UploadPageWorksFromTheKeyboardAndFitsAPhone()
    {
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await page.FocusAsync("#batch-bar");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("file", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "phone.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg });
        await page.Keyboard.TypeAsync("Americano");
        Assert.Equal("Americano", await page.InputValueAsync(".upload-row input[data-name=drink]"));

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await Screenshot("upload-phone");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TextFileNamedJpgIsRejectedWithTheWorkersReason()
    {
        await page.GotoAsync("/");
        await page.FillAsync("#batch-bar", PipelineClient.Unique("Reject Bar"));
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "cocktail.jpg",
            MimeType = "image/jpeg",
            Buffer = Encoding.UTF8.GetBytes("Not a photo, just a shopping list: limes, mint, rum."),
        });
        await page.FillAsync(".upload-row input[data-name=drink]", "Mojito");
        await page.ClickAsync("#upload-button");

        await WaitForOutcomesAsync();
        var row = page.Locator(".upload-row");
        Assert.Equal("rejected", await row.GetAttributeAsync("data-status"));
        await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("Rejected: The file is text, not a JPEG image");
        await Screenshot("upload-rejected");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task FilesThatAreNotImagesAreRefusedBeforeAnyUpload()
    {
        var presigns = 0;
        page.Request += (_, request) => presigns += request.Url.Contains("handler=Presign", StringComparison.Ordinal) ? 1 : 0;
        await page.GotoAsync("/");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });

        var row = page.Locator(".upload-row");
        Assert.Equal("invalid", await row.GetAttributeAsync("data-status"));
        await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image");
        await Assertions.Expect(page.Locator("#upload-button")).ToBeHiddenAsync();
        Assert.Equal(0, presigns);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AutocompleteFindsADrinkByALowerCaseAccentFreeQueryAndTheBarPageListsIt()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var bar = $"Café Über {suffix}";
        const string drink = "Crème Brûlée Martini";
        await new PipelineClient(fixture).UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", TestContext.Current.CancellationToken);

        await page.GotoAsync("/Search");
        await page.Locator("#bar").PressSequentiallyAsync($"cafe uber {suffix}");
        await Assertions.Expect(page.Locator("#bar-options [role=option]")).ToHaveTextAsync([bar]);
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(bar, await page.InputValueAsync("#bar"));

        await page.Locator("#drink").PressSequentiallyAsync("creme brulee");
        await Assertions.Expect(page.Locator("#drink-options [role=option]")).ToHaveTextAsync([drink]);
        await Screenshot("search-autocomplete");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(drink, await page.InputValueAsync("#drink"));
        await page.Keyboard.PressAsync("Enter");

        var image = page.Locator("#search-image");
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("image => image.naturalWidth") > 0, "the photo did not render");
        await Assertions.Expect(page.Locator("#search-result h2")).ToContainTextAsync($"{drink} at {bar}");
        await Screenshot("search-result");

        await page.ClickAsync("#bar-link");
        await Assertions.Expect(page.Locator("#bar-name")).ToHaveTextAsync(bar);
        var listed = page.Locator("#bar-drinks li", new() { HasText = drink });
        await Assertions.Expect(listed.Locator("img")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await listed.Locator("img").EvaluateAsync<int>("image => image.naturalWidth") > 0, "the bar page's thumbnail did not render");
        await Screenshot("bar-page");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TheHeaderBoxFindsADrinkAtEveryBarAndItsPageListsThem()
    {
        var token = new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        var drink = $"Negroni {token}";
        var client = new PipelineClient(fixture);
        await client.UploadAsync($"Café Zürich {token}", drink, TestImages.Jpeg, "image/jpeg", TestContext.Current.CancellationToken);
        await client.UploadAsync($"Joe's Bar {token}", drink, TestImages.Png, "image/png", TestContext.Current.CancellationToken);

        await page.GotoAsync("/bars/anywhere");
        // A search input with a list of suggestions is a combobox to assistive technology.
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search bars and drinks" });
        await box.PressSequentiallyAsync($"negr {token[..5]}");
        // Both words must start a word of the name: the drink matches, the bars do not.
        await Assertions.Expect(page.Locator("#site-search-suggestions option")).ToHaveCountAsync(1);
        Assert.Equal(drink, await page.Locator("#site-search-suggestions option").GetAttributeAsync("value"));
        await box.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#find-heading")).ToContainTextAsync($"negr {token[..5]}");
        await Assertions.Expect(page.Locator("#find-drinks li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#find-bars")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#find-drinks li").First).ToContainTextAsync($"at Joe's Bar {token}");
        await AssertImagesRenderAsync("#find-drinks img");
        await Screenshot("find-results");

        await page.Locator("#find-drinks li").First.GetByRole(AriaRole.Link, new() { Name = $"Every bar with {drink}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#drink-name")).ToHaveTextAsync(drink);
        await Assertions.Expect(page.Locator("#drink-bars .caption")).ToHaveTextAsync([$"Joe's Bar {token}", $"Café Zürich {token}"]);
        await AssertImagesRenderAsync("#drink-bars img");
        await Screenshot("drink-page");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/find?q={token}");
        await Assertions.Expect(page.Locator("#find-bars li")).ToHaveCountAsync(2);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the results page scrolls sideways on a phone");
        await Screenshot("find-results-phone");

        AssertNoConsoleErrors();

        var unknown = await page.GotoAsync($"/drinks/{Uri.EscapeDataString("No Such Drink " + token)}");
        Assert.Equal(404, unknown!.Status);
        await Assertions.Expect(page.Locator("#drink-message")).ToContainTextAsync("No bar has a photo");
    }

    [Fact]
    public async Task ASharePageShowsThePhotoAndCopiesItsLink()
    {
        var bar = PipelineClient.Unique("Shared Bar");
        var client = new PipelineClient(fixture);
        var older = await client.UploadAsync(bar, "Boulevardier", TestImages.Png, "image/png", TestContext.Current.CancellationToken);
        var photo = await client.UploadAsync(bar, "Boulevardier", TestImages.Jpeg, "image/jpeg", TestContext.Current.CancellationToken);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.GotoAsync($"/p/{photo.UploadId}");

        await Assertions.Expect(page.Locator("#photo-heading")).ToContainTextAsync($"Boulevardier at {bar}");
        await AssertImagesRenderAsync("#photo-image");
        await AssertImagesRenderAsync("#other-photos img");
        Assert.Equal($"/p/{older.UploadId}", await page.Locator("#other-photos a").GetAttributeAsync("href"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Assertions.Expect(page.Locator("#copy-status")).ToHaveTextAsync("Link copied.");
        Assert.Equal(new Uri(fixture.Web.BaseAddress!, $"/p/{photo.UploadId}").ToString(), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Screenshot("share-page");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the share page scrolls sideways on a phone");
        await Screenshot("share-page-phone");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AReportedPhotoReachesTheModeratorsWhoKeepOrRemoveIt()
    {
        var bar = PipelineClient.Unique("Moderated Bar");
        var client = new PipelineClient(fixture);
        var photo = await client.UploadAsync(bar, "Hurricane", TestImages.Jpeg, "image/jpeg", TestContext.Current.CancellationToken);

        // A visitor reports it from its page.
        await page.GotoAsync($"/p/{photo.UploadId}");
        await page.GetByText("Report this photo").ClickAsync();
        await page.GetByLabel("Offensive or inappropriate").CheckAsync();
        await page.GetByLabel("Anything moderators should know (optional)").FillAsync("Not a drink, not nice.");
        await Screenshot("report-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-message")).ToContainTextAsync("Moderators will look at this photo");

        // A moderator signs in (a wrong key first), finds it in the queue and keeps it.
        await page.GotoAsync("/moderation");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/moderation/sign-in"));
        await page.GetByLabel("Moderators' key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in-message")).ToContainTextAsync("not the moderators' key");
        await page.GetByLabel("Moderators' key").FillAsync(fixture.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var row = page.Locator($"[data-upload-id='{photo.UploadId}']");
        await Assertions.Expect(row).ToContainTextAsync("1 report: offensive (1)");
        await Assertions.Expect(row).ToContainTextAsync("Not a drink, not nice.");
        await AssertImagesRenderAsync($"[data-upload-id='{photo.UploadId}'] img");
        var cookie = Assert.Single(await context.CookiesAsync(), cookie => cookie.Name == "DrinkPipeline.Moderation");
        Assert.Equal((true, SameSiteAttribute.Strict, "/moderation"), (cookie.HttpOnly, cookie.SameSite, cookie.Path));
        await Screenshot("moderation-queue");
        await row.GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moderation-done")).ToContainTextAsync("Kept");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        // Reported again, by another visitor (this browser again would change nothing: one reporter counts once),
        // then removed: its link is gone.
        using (var again = new HttpRequestMessage(HttpMethod.Post, $"/api/photos/{photo.UploadId}/reports") { Content = JsonContent.Create(new { reason = "spam" }) })
        {
            fixture.ForwardFor(again, new PipelineClient(fixture).ClientAddress);
            using var reported = await fixture.Api.SendAsync(again, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        }

        await page.GotoAsync("/moderation");
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.Locator("#moderation-done")).ToContainTextAsync("Removed");
        AssertNoConsoleErrors();
        var gone = await page.GotoAsync($"/p/{photo.UploadId}");
        Assert.Equal(410, gone!.Status);
        await Assertions.Expect(page.Locator("#photo-message")).ToHaveTextAsync("This photo was removed.");
    }

    private async Task AssertImagesRenderAsync(string selector)
    {
        foreach (var image in await page.Locator(selector).AllAsync())
        {
            await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await image.EvaluateAsync<int>("image => image.naturalWidth") > 0, $"an image of {selector} did not render");
        }
    }

    /// <summary>What a drop from the file manager delivers: a drop event whose DataTransfer holds the files.</summary>
    private async Task DropFilesAsync(string selector, params (string Name, string Type, byte[] Content)[] files)
    {
        var dataTransfer = await page.EvaluateHandleAsync(
            """
            files => {
              const transfer = new DataTransfer();
              for (const file of files) {
                const bytes = Uint8Array.from(atob(file.content), c => c.charCodeAt(0));
                transfer.items.add(new File([bytes], file.name, { type: file.type }));
              }
              return transfer;
            }
            """,
            files.Select(file => new { name = file.Name, type = file.Type, content = Convert.ToBase64String(file.Content) }).ToArray());
        await page.DispatchEventAsync(selector, "drop", new { dataTransfer });
    }

    /// <summary>One photo on the upload page, its bar and drink filled in, not yet sent.</summary>
    /// <summary>One photo dropped, named and uploaded; Ready; what the API says of it and the bytes that reached storage.</summary>
    private async Task<(DrinkResponse Drink, byte[] Stored)> UploadOnePhotoAsync(string barPrefix, string drinkName, (string Name, string Type, byte[] Content) photo)
    {
        var bar = PipelineClient.Unique(barPrefix);
        await page.GotoAsync("/");
        await page.FillAsync("#batch-bar", bar);
        await DropFilesAsync("#dropzone", photo);
        await page.Locator(".upload-row input[data-name=drink]").FillAsync(drinkName);
        await page.ClickAsync("#upload-button");
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        var client = new PipelineClient(fixture);
        var drink = await client.GetPhotoAsync(bar, drinkName, TestContext.Current.CancellationToken);
        var stored = await client.ReadStoredAsync(ObjectKeys.OriginalFor(drink.UploadId), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"{photo.Content.Length:N0} bytes of {photo.Type} picked, {stored.Length:N0} sent");
        return (drink, stored);
    }

    private async Task AddPhotoAsync(string bar, string drink)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#batch-bar", bar);
        await DropFilesAsync("#dropzone", ($"{drink.ToLowerInvariant()}.jpg", "image/jpeg", TestImages.Jpeg));
        await page.Locator(".upload-row input[data-name=drink]").FillAsync(drink);
    }

    private Task WaitForOutcomesAsync() => BrowserFixture.WaitForOutcomesAsync(page);

    private Task Screenshot(string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"{name}.png"), FullPage = true });

    private void AssertNoConsoleErrors() => Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
}
