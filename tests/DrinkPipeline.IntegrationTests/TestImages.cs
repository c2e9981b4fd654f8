using System.Diagnostics;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Real image files made with ImageMagick (installed by .ci/run), generated once per run.</summary>
public static class TestImages
{
    private const string Convert = "/usr/bin/convert";
    private static readonly Lazy<byte[]> LazyJpeg = new(() => Make("jpg", "-size", "320x240", "gradient:orange-purple", "-quality", "85"));
    private static readonly Lazy<byte[]> LazyPng = new(() => Make("png", "-size", "64x64", "xc:teal"));

    public static byte[] Jpeg => LazyJpeg.Value;

    public static byte[] Png => LazyPng.Value;

    private static byte[] Make(string extension, params string[] arguments)
    {
        if (!File.Exists(Convert))
        {
            throw new InvalidOperationException($"{Convert} is missing: apt-get install imagemagick (.ci/run does this).");
        }

        var path = Path.Combine(Path.GetTempPath(), $"drinkpipeline-{Guid.NewGuid():N}.{extension}");
        var start = new ProcessStartInfo(Convert) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"convert failed: {error}");
        }

        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
