using System.Reflection;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// axe-core on every page, on a desktop and a 390 px wide phone: no serious or critical violation. The script is run
/// through the browser's devtools protocol, which the pages' Content Security Policy does not govern.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(DrinkPipelineAppFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string AxeScript = File.ReadAllText(typeof(AccessibilityTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "AxeScript").Value!);

    public static TheoryData<int> Widths => [1280, 390];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task EveryPageHasNoSeriousOrCriticalViolations(int width)
    {
        var token = new string([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
        var (bar, drink) = ($"Axe Bar {token}", $"Axe Sour {token}");
        var photo = await new PipelineClient(fixture).UploadAsync(bar, drink, TestImages.Jpeg, "image/jpeg", TestContext.Current.CancellationToken);
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = fixture.Web.BaseAddress!.ToString(), ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();

        string[] paths =
        [
            "/",
            "/Search",
            $"/Search?bar={Uri.EscapeDataString(bar)}&drink={Uri.EscapeDataString(drink)}",
            $"/bars/{Uri.EscapeDataString(bar)}",
            $"/find?q={token}",
            "/find?q=zzzzqqqq",
            $"/drinks/{Uri.EscapeDataString(drink)}",
            $"/p/{photo.UploadId}",
            $"/p/{Guid.CreateVersion7():N}",
            "/no-such-page",
            "/moderation/sign-in",
            "/offline",
        ];
        var failures = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            failures.AddRange(await ViolationsAsync(page, $"{path} @ {width}px"));
        }

        // The report form, open; and the moderators' queue, signed in.
        await page.GotoAsync($"/p/{photo.UploadId}");
        await page.GetByText("Report this photo").ClickAsync();
        failures.AddRange(await ViolationsAsync(page, $"report form @ {width}px"));
        await page.GotoAsync("/moderation/sign-in");
        await page.GetByLabel("Moderators' key").FillAsync(fixture.AdminKey);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/moderation");
        failures.AddRange(await ViolationsAsync(page, $"/moderation @ {width}px"));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(Microsoft.Playwright.IPage page, string where)
    {
        await page.EvaluateAsync(AxeScript);
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)");
        return [.. violations.EnumerateArray().Select(violation => $"{where}: {violation.GetString()}")];
    }
}
