using System.Diagnostics;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Real image files made with ImageMagick and exiftool (installed by .ci/run), generated once per run.</summary>
public static class TestImages
{
    private const string Convert = "/usr/bin/convert";
    private static readonly Lazy<byte[]> LazyJpeg = new(() => Make("jpg", "-size", "320x240", "gradient:orange-purple", "-quality", "85"));
    private static readonly Lazy<byte[]> LazyPng = new(() => Make("png", "-size", "64x64", "xc:teal"));
    private static readonly Lazy<byte[]> LazyHeic = new(() => Make("heic", "-size", "120x80", "gradient:blue-white"));
    private static readonly Lazy<byte[]> LazyCameraJpeg = new(() => AddExif(Make("jpg", "-size", "400x300", "plasma:fractal")));

    public static byte[] Jpeg => LazyJpeg.Value;

    public static byte[] Png => LazyPng.Value;

    public static byte[] Heic => LazyHeic.Value;

    /// <summary>400 × 300 stored, EXIF orientation 6 (displayed 300 × 400), with GPS, date and camera (exiftool).</summary>
    public static byte[] CameraJpeg => LazyCameraJpeg.Value;

    private static byte[] AddExif(byte[] jpeg)
    {
        var path = Path.Combine(Path.GetTempPath(), $"drinkpipeline-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        Run("exiftool", "-q", "-overwrite_original", "-Orientation=6", "-n", "-GPSLatitude=51.5007", "-GPSLatitudeRef=N",
            "-GPSLongitude=0.1246", "-GPSLongitudeRef=W", "-DateTimeOriginal=2026:11:21 19:30:00", "-Make=Apple", "-Model=iPhone 17", path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    public static byte[] Make(string extension, params string[] arguments)
    {
        if (!File.Exists(Convert))
        {
            throw new InvalidOperationException($"{Convert} is missing: apt-get install imagemagick (.ci/run does this).");
        }

        var path = Path.Combine(Path.GetTempPath(), $"drinkpipeline-{Guid.NewGuid():N}.{extension}");
        Run(Convert, [.. arguments, path]);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {error}");
        }
    }
}
