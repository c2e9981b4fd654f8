using System.Reflection;
using DrinkPipeline.Testing;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Headless Debian Chromium driven by Playwright. Playwright cannot download its own browsers here, so it launches the
/// system's, and installs it first when it is missing (Debian's chromium and a font, with apt-get, as root or with
/// password-less sudo): the test command alone is enough on a fresh machine. <c>CHROMIUM_PATH</c> points elsewhere.
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

    private const string SystemChromium = "/usr/bin/chromium";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    // Once per test run, whichever test class asks first.
    private static readonly Lazy<Task> Installation = new(InstallChromiumAsync);

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>tests/DrinkPipeline.IntegrationTests/artifacts (git-ignored): screenshots to look at after a run.</summary>
    public static string ArtifactsDirectory { get; } = typeof(BrowserFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "ArtifactsDirectory").Value!;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : SystemChromium;
        if (!File.Exists(executable) && executable == SystemChromium)
        {
            await Installation.Value;
        }

        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {executable}: apt-get install chromium fonts-dejavu-core, or set CHROMIUM_PATH.");
        }

        Directory.CreateDirectory(ArtifactsDirectory);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = Arguments });
    }

    /// <summary>apt-get update and install, as root or through password-less sudo; anything else is left to the message above.</summary>
    private static async Task InstallChromiumAsync()
    {
        var asRoot = Environment.UserName == "root";
        if (!asRoot && !File.Exists("/usr/bin/sudo"))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(InstallTimeout);
        foreach (var arguments in new[]
        {
            new[] { "update", "-qq" },
            ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"],
        })
        {
            var outcome = await Tools.RunAsync(
                asRoot ? "apt-get" : "sudo",
                asRoot ? arguments : ["-n", "apt-get", .. arguments],
                timeout.Token,
                environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            if (outcome.ExitCode != 0)
            {
                throw new InvalidOperationException($"Installing Chromium failed: apt-get {string.Join(' ', arguments)}: {outcome.Output} {outcome.Error}");
            }
        }
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
