using System.Reflection;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Headless Debian Chromium driven by Playwright. Playwright cannot download its own browsers here, so it launches the
/// system's (<c>apt-get install chromium</c>, as .ci/run does; <c>CHROMIUM_PATH</c> points elsewhere).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Arguments =
    [
        // No user namespaces in CI containers; the sandbox cannot start there.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>tests/DrinkPipeline.IntegrationTests/artifacts (git-ignored): screenshots to look at after a run.</summary>
    public static string ArtifactsDirectory { get; } = typeof(BrowserFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "ArtifactsDirectory").Value!;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {executable}: apt-get install chromium (.ci/run does this), or set CHROMIUM_PATH.");
        }

        Directory.CreateDirectory(ArtifactsDirectory);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = Arguments });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
