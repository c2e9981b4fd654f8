using System.Diagnostics;
using DrinkPipeline.Testing;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 22's figures, measurements and not tests (times do not belong in CI): a phone-sized Chromium on a weak uplink
/// (CDP network emulation: 1.5 Mbit/s up, 4 Mbit/s down, 150 ms) uploads a 12 MP phone photo and prints tap → Ready:
/// a JPEG prepared in the page and as picked (preparation off: the page cannot decode, so it sends the original),
/// alternating; a JPEG tapped with no signal that comes back 8 s later; a HEIC decoded in the page. Run them on
/// purpose: <c>dotnet test tests/DrinkPipeline.IntegrationTests --filter FullyQualifiedName~PhoneUploadMeasurements -- xUnit.Explicit=only</c>.
/// Figures go to docs/benchmarks.md.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PhoneUploadMeasurements(DrinkPipelineAppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Rounds = 3;

    private static readonly TimeSpan NoSignalFor = TimeSpan.FromSeconds(8);

    [Fact(Explicit = true)]
    public async Task TapToReadyOnAWeakUplink()
    {
        var photo = PhoneJpeg();
        var results = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var prepared in new[] { true, false })
            {
                var (elapsed, sent) = await UploadAsync(("IMG_{0}.jpg", "image/jpeg", photo), prepared ? "Prepared" : "As Picked", round, preparationOff: !prepared);
                results.Add($"{(prepared ? "prepared" : "as picked")}: {elapsed.TotalSeconds:F1} s, {sent:N0} bytes stored");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{photo.Length:N0} bytes picked\n{string.Join('\n', results)}");
    }

    [Fact(Explicit = true)]
    public async Task TappedWithoutASignalThatReturnsEightSecondsLater()
    {
        var photo = PhoneJpeg();
        var results = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (elapsed, sent) = await UploadAsync(("IMG_{0}.jpg", "image/jpeg", photo), "No Signal", round, noSignalFor: NoSignalFor);
            results.Add($"tap → Ready {elapsed.TotalSeconds:F1} s (signal back → Ready {(elapsed - NoSignalFor).TotalSeconds:F1} s), {sent:N0} bytes stored");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', results));
    }

    [Fact(Explicit = true)]
    public async Task HeicTapToReadyOnAWeakUplink()
    {
        byte[] heic;
        using (var image = PhotoFactory.Textured(4032, 3024, seed: 11))
        {
            heic = await BrowserFixture.HeicAsync(
                PhotoFactory.Jpeg(image, quality: 92, exif: new CameraExif(1, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246)),
                TestContext.Current.CancellationToken);
        }

        var results = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (elapsed, sent) = await UploadAsync(("IMG_{0}.HEIC", "image/heic", heic), "Heic", round);
            results.Add($"HEIC: {elapsed.TotalSeconds:F1} s, {sent:N0} bytes stored");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{heic.Length:N0} bytes of HEIC picked\n{string.Join('\n', results)}");
    }

    /// <summary>4000 × 3000, quality 92, sideways (orientation 6), with GPS: as a phone shoots.</summary>
    private static byte[] PhoneJpeg()
    {
        using var image = PhotoFactory.Textured(4000, 3000, seed: 11);
        return PhotoFactory.Jpeg(image, quality: 92, exif: new CameraExif(6, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246));
    }

    private async Task<(TimeSpan Elapsed, long Sent)> UploadAsync(
        (string Name, string Type, byte[] Content) photo, string drinkName, int round, bool preparationOff = false, TimeSpan? noSignalFor = null)
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.Web.BaseAddress!.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(120_000);
        if (preparationOff)
        {
            await context.AddInitScriptAsync("window.createImageBitmap = () => Promise.reject(new Error('preparation off'));");
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await EmulateAsync(cdp, offline: noSignalFor is not null);
        var bar = PipelineClient.Unique("Weak Signal Bar");
        await page.FillAsync("#batch-bar", bar);
        await page.SetInputFilesAsync("#file", new FilePayload { Name = string.Format(System.Globalization.CultureInfo.InvariantCulture, photo.Name, round), MimeType = photo.Type, Buffer = photo.Content });
        await page.Locator(".upload-row input[data-name=drink]").FillAsync(drinkName);

        var clock = Stopwatch.StartNew();
        await page.ClickAsync("#upload-button");
        if (noSignalFor is { } wait)
        {
            await Task.Delay(wait, TestContext.Current.CancellationToken);
            await EmulateAsync(cdp, offline: false);
        }

        await page.WaitForFunctionAsync("() => ['ready', 'rejected', 'failed', 'error'].includes(document.querySelector('.upload-row')?.dataset.status)", null, new() { Timeout = 120_000 });
        var elapsed = clock.Elapsed;

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        var client = new PipelineClient(fixture);
        var drink = await client.GetPhotoAsync(bar, drinkName, TestContext.Current.CancellationToken);
        var stored = await client.ReadStoredAsync(ObjectKeys.OriginalFor(drink.UploadId), TestContext.Current.CancellationToken);
        return (elapsed, stored.Length);
    }

    private static Task EmulateAsync(ICDPSession cdp, bool offline) =>
        cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = offline,
            ["latency"] = 150,
            ["downloadThroughput"] = 4_000_000 / 8,
            ["uploadThroughput"] = 1_500_000 / 8,
        });
}
