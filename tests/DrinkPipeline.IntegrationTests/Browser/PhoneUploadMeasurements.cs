using System.Diagnostics;
using DrinkPipeline.Testing;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 22's figure, a measurement and not a test (times do not belong in CI): a phone-sized Chromium on a weak uplink
/// (CDP network emulation: 1.5 Mbit/s up, 4 Mbit/s down, 150 ms) uploads a 12 MP phone JPEG, prepared in the page
/// and as picked (preparation off: the page cannot decode, so it sends the original), alternating, and prints tap →
/// Ready for each. Run it on purpose:
/// <c>dotnet test tests/DrinkPipeline.IntegrationTests --filter FullyQualifiedName~PhoneUploadMeasurements -- xUnit.Explicit=only</c>.
/// Figures go to docs/benchmarks.md.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PhoneUploadMeasurements(DrinkPipelineAppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Rounds = 3;

    [Fact(Explicit = true)]
    public async Task TapToReadyOnAWeakUplink()
    {
        byte[] photo;
        using (var image = PhotoFactory.Textured(4000, 3000, seed: 11))
        {
            photo = PhotoFactory.Jpeg(image, quality: 92, exif: new CameraExif(6, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246));
        }

        var results = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var prepared in new[] { true, false })
            {
                var (elapsed, sent) = await UploadAsync(photo, prepared, round);
                results.Add($"{(prepared ? "prepared" : "as picked")}: {elapsed.TotalSeconds:F1} s, {sent:N0} bytes stored");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{photo.Length:N0} bytes picked\n{string.Join('\n', results)}");
    }

    private async Task<(TimeSpan Elapsed, long Sent)> UploadAsync(byte[] photo, bool prepared, int round)
    {
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.Web.BaseAddress!.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(120_000);
        if (!prepared)
        {
            await context.AddInitScriptAsync("window.createImageBitmap = () => Promise.reject(new Error('preparation off'));");
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 150,
            ["downloadThroughput"] = 4_000_000 / 8,
            ["uploadThroughput"] = 1_500_000 / 8,
        });
        var bar = PipelineClient.Unique("Weak Signal Bar");
        await page.FillAsync("#batch-bar", bar);
        await page.SetInputFilesAsync("#file", new FilePayload { Name = $"IMG_{round}.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.Locator(".upload-row input[data-name=drink]").FillAsync(prepared ? "Prepared" : "As Picked");

        var clock = Stopwatch.StartNew();
        await page.ClickAsync("#upload-button");
        await page.WaitForFunctionAsync("() => ['ready', 'rejected', 'failed', 'error'].includes(document.querySelector('.upload-row')?.dataset.status)", null, new() { Timeout = 120_000 });
        var elapsed = clock.Elapsed;

        Assert.Equal("ready", await page.Locator(".upload-row").GetAttributeAsync("data-status"));
        var client = new PipelineClient(fixture);
        var drink = await client.GetPhotoAsync(bar, prepared ? "Prepared" : "As Picked", TestContext.Current.CancellationToken);
        var stored = await client.ReadStoredAsync(ObjectKeys.OriginalFor(drink.UploadId), TestContext.Current.CancellationToken);
        return (elapsed, stored.Length);
    }
}
