using System.Text.Json;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The site as an installed app on a phone: its manifest and share target, and its service worker, which keeps the
/// upload page usable without a signal. Playwright's offline mode covers the service worker's own requests too (it
/// emulates the network of the worker's target as of the page's); the tests check that those requests did fail.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InstalledAppTests(DrinkPipelineAppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async ValueTask InitializeAsync()
    {
        context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.Web.BaseAddress!.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            ServiceWorkers = ServiceWorkerPolicy.Allow,
        });
        context.SetDefaultTimeout(30_000);
        page = await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task TheSiteIsInstallableWithIconsAndAShareTargetForPhotos()
    {
        await OpenUploadPageAsync();
        var devtools = await context.NewCDPSessionAsync(page);

        var manifest = (await devtools.SendAsync("Page.getAppManifest"))!.Value;
        Assert.Empty(manifest.GetProperty("errors").EnumerateArray());
        using var data = JsonDocument.Parse(manifest.GetProperty("data").GetString()!);
        var root = data.RootElement;
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        var shareTarget = root.GetProperty("share_target");
        Assert.Equal(("/share-target", "POST", "multipart/form-data"), (
            shareTarget.GetProperty("action").GetString(), shareTarget.GetProperty("method").GetString(), shareTarget.GetProperty("enctype").GetString()));
        var files = Assert.Single(shareTarget.GetProperty("params").GetProperty("files").EnumerateArray());
        Assert.Equal("photos", files.GetProperty("name").GetString());
        Assert.Contains("image/heic", files.GetProperty("accept").EnumerateArray().Select(type => type.GetString()));
        foreach (var icon in root.GetProperty("icons").EnumerateArray().Where(icon => icon.GetProperty("type").GetString() == "image/png"))
        {
            var size = int.Parse(icon.GetProperty("sizes").GetString()!.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
            var bytes = await fixture.Web.GetByteArrayAsync(icon.GetProperty("src").GetString(), TestContext.Current.CancellationToken);
            using var image = NetVips.Image.NewFromBuffer(bytes);
            Assert.Equal((size, size), (image.Width, image.Height));
        }

        // What Chrome checks before it offers to install the app (a secure context: localhost here, HTTPS deployed).
        // Playwright's contexts are incognito profiles, where Chrome installs nothing: that one error is the test's.
        var installability = (await devtools.SendAsync("Page.getInstallabilityErrors"))!.Value;
        var errors = installability.GetProperty("installabilityErrors").EnumerateArray().Select(error => error.GetProperty("errorId").GetString());
        Assert.Equal([], errors.Where(id => id != "in-incognito"));
    }

    [Fact]
    public async Task WithoutASignalTheUploadPageStillOpensAndItsPhotoGoesUpWhenTheSignalReturns()
    {
        await OpenUploadPageAsync();
        var failed = FailedRequests();
        await context.SetOfflineAsync(true);

        // Opened again with no signal at all: the service worker's copy of the page.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Upload drinks");
        Assert.Contains(new Uri(fixture.Web.BaseAddress!, "/").ToString(), failed);
        var bar = PipelineClient.Unique("No Signal Bar");
        await page.FillAsync("#batch-bar", bar);
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "sour.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg });
        await page.Locator(".upload-row input[data-name=drink]").FillAsync("Whisky Sour");
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(page.Locator(".upload-row")).ToHaveAttributeAsync("data-status", "waiting");

        await context.SetOfflineAsync(false);
        await WaitForOutcomesAsync();

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Whisky Sour", TestContext.Current.CancellationToken)).PhotoCount);
    }

    [Fact]
    public async Task OtherPagesWithoutASignalSayWhereUploadingStillWorks()
    {
        await OpenUploadPageAsync();
        var failed = FailedRequests();
        await context.SetOfflineAsync(true);

        await page.GotoAsync("/Search?bar=Any&drink=Thing");
        Assert.Contains(failed, url => url.Contains("/Search?", StringComparison.Ordinal));

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("No signal");
        await Assertions.Expect(page.Locator("main a[href='/']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PhotosSharedToTheAppArriveOnTheUploadPageAndGoUp()
    {
        await OpenUploadPageAsync();

        // What "Share → DrinkPipeline" in a phone's gallery does: a multipart POST of the photos to the manifest's
        // share_target action, which the service worker takes (the server alone would answer "did not reach").
        await page.EvaluateAsync(
            """
            () => {
              const form = document.createElement('form');
              form.method = 'post';
              form.action = '/share-target';
              form.enctype = 'multipart/form-data';
              form.innerHTML = '<input type="file" name="photos" id="shared-photos" multiple>';
              document.body.append(form);
            }
            """);
        await page.SetInputFilesAsync("#shared-photos", new[]
        {
            new FilePayload { Name = "negroni.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg },
            new FilePayload { Name = "spritz.jpg", MimeType = "image/jpeg", Buffer = TestImages.CameraJpeg },
        });
        await page.EvalOnSelectorAsync("#shared-photos", "input => input.form.submit()");

        var rows = page.Locator(".upload-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator(".file-name")).ToContainTextAsync("negroni.jpg");
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        var bar = PipelineClient.Unique("Shared Bar");
        await page.FillAsync("#batch-bar", bar);
        await rows.Nth(0).Locator("input[data-name=drink]").FillAsync("Negroni");
        await rows.Nth(1).Locator("input[data-name=drink]").FillAsync("Spritz");
        await page.ClickAsync("#upload-button");
        await WaitForOutcomesAsync();

        Assert.Equal(["ready", "ready"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.status)"));
        Assert.Equal(1, (await new PipelineClient(fixture).GetPhotoAsync(bar, "Spritz", TestContext.Current.CancellationToken)).PhotoCount);
        // Taken once: opening the page again adds nothing.
        await page.GotoAsync("/?shared=2");
        await Assertions.Expect(page.Locator("#form-message")).ToContainTextAsync("did not reach this page");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
    }

    /// <summary>The upload page, controlled by its service worker (which has kept its copy of the page by then).</summary>
    private async Task OpenUploadPageAsync()
    {
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("async () => { await navigator.serviceWorker.ready; return navigator.serviceWorker.controller !== null; }");
    }

    /// <summary>URLs whose requests fail from now on, the service worker's included.</summary>
    private List<string> FailedRequests()
    {
        var failed = new List<string>();
        context.RequestFailed += (_, request) =>
        {
            lock (failed)
            {
                failed.Add(request.Url);
            }
        };
        return failed;
    }

    private Task WaitForOutcomesAsync() => BrowserFixture.WaitForOutcomesAsync(page);
}
