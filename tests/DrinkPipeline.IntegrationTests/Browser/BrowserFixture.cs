using System.Reflection;
using DrinkPipeline.Testing;
using Microsoft.Playwright;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Headless Debian Chromium driven by Playwright. Playwright cannot download its own browsers here, so it launches the
/// system's, and installs it first when it is missing (Debian's chromium and a font, and libheif's heif-enc for the HEIC
/// photos the tests make, with apt-get, as root or with password-less sudo): the test command alone is enough on a
/// fresh machine. <c>CHROMIUM_PATH</c> points elsewhere.
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

    private static readonly string[] Outcomes = ["ready", "rejected", "failed", "error"];

    private const string SystemChromium = "/usr/bin/chromium";

    private const string HeifEncoder = "/usr/bin/heif-enc";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    // Once per test run, whichever test class asks first.
    private static readonly Lazy<Task> Installation = new(InstallAsync);

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>tests/DrinkPipeline.IntegrationTests/artifacts (git-ignored): screenshots to look at after a run.</summary>
    public static string ArtifactsDirectory { get; } = typeof(BrowserFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "ArtifactsDirectory").Value!;

    /// <summary>Every upload row on the page has ended: ready, rejected, failed, or an error in the page.</summary>
    public static Task WaitForOutcomesAsync(IPage page) =>
        page.WaitForFunctionAsync(
            "outcomes => [...document.querySelectorAll('.upload-row')].every(row => outcomes.includes(row.dataset.status))",
            Outcomes,
            new() { Timeout = 60_000 });

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : SystemChromium;
        if ((!File.Exists(executable) && executable == SystemChromium) || !File.Exists(HeifEncoder))
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

    /// <summary>
    /// A phone's HEIC photo made from <paramref name="jpeg"/> with libheif's encoder (HEVC through x265; the file keeps
    /// the JPEG's EXIF, GPS included). The fastest preset: the tests need a real HEVC file, not a good one.
    /// </summary>
    public static async Task<byte[]> HeicAsync(byte[] jpeg, CancellationToken cancellationToken)
    {
        if (!File.Exists(HeifEncoder))
        {
            throw new InvalidOperationException($"{HeifEncoder} is missing: apt-get install libheif-examples.");
        }

        var directory = Directory.CreateTempSubdirectory("heic-");
        try
        {
            var input = Path.Combine(directory.FullName, "photo.jpg");
            var output = Path.Combine(directory.FullName, "photo.heic");
            await File.WriteAllBytesAsync(input, jpeg, cancellationToken);
            var outcome = await Tools.RunAsync(HeifEncoder, ["-q", "50", "-p", "preset=ultrafast", "-o", output, input], cancellationToken);
            return outcome.ExitCode == 0
                ? await File.ReadAllBytesAsync(output, cancellationToken)
                : throw new InvalidOperationException($"heif-enc failed: {outcome.Output} {outcome.Error}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>apt-get update and install, as root or through password-less sudo; anything else is left to the messages above.</summary>
    private static async Task InstallAsync()
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
            ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core", "libheif-examples"],
        })
        {
            var outcome = await Tools.RunAsync(
                asRoot ? "apt-get" : "sudo",
                asRoot ? arguments : ["-n", "apt-get", .. arguments],
                timeout.Token,
                environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            if (outcome.ExitCode != 0)
            {
                throw new InvalidOperationException($"Installing Chromium and heif-enc failed: apt-get {string.Join(' ', arguments)}: {outcome.Output} {outcome.Error}");
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
