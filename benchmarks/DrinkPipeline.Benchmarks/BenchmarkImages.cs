using System.Diagnostics;

namespace DrinkPipeline.Benchmarks;

/// <summary>Camera-sized inputs made once with ImageMagick and exiftool into a temporary folder.</summary>
public static class BenchmarkImages
{
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "drinkpipeline-bench");

    /// <summary>4000 × 3000 (12 MP) JPEG, quality 90, EXIF orientation 6 as phones write it.</summary>
    public static string Jpeg12MP => Ensure("12mp.jpg", path =>
    {
        Run("/usr/bin/convert", "-size", "4000x3000", "plasma:fractal", "-blur", "0x1", "-quality", "90", path);
        Run("exiftool", "-q", "-overwrite_original", "-Orientation=6", "-n", "-Make=Bench", "-Model=Cam", path);
    });

    /// <summary>
    /// The 12 MP JPEG as the upload page prepares it (prepare.js): upright, 2048 px on its long side, JPEG quality 85,
    /// EXIF with the camera only. Made with ImageMagick here; the browser's encoder differs in its bytes, not its size
    /// class.
    /// </summary>
    public static string JpegPrepared => Ensure("prepared.jpg", path =>
    {
        Run("/usr/bin/convert", Jpeg12MP, "-auto-orient", "-resize", "2048x2048", "-quality", "85", "-strip", path);
        Run("exiftool", "-q", "-overwrite_original", "-Make=Bench", "-Model=Cam", path);
    });

    /// <summary>2000 × 2000 (4 MP) PNG.</summary>
    public static string Png4MP => Ensure("4mp.png", path => Run("/usr/bin/convert", "-size", "2000x2000", "plasma:fractal", path));

    /// <summary>4000 × 3000 (12 MP) WebP (HEIC cannot be decoded by the bundled libvips).</summary>
    public static string WebP12MP => Ensure("12mp.webp", path => Run("/usr/bin/convert", Jpeg12MP, "-quality", "85", path));

    /// <summary>The 12 MP JPEG copied <paramref name="count"/> times, for batch runs.</summary>
    public static string[] JpegBatch(int count)
    {
        var source = Jpeg12MP;
        var folder = Directory.CreateDirectory(Path.Combine(Folder, $"batch{count}")).FullName;
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(folder, $"photo{i:D3}.jpg");
            if (!File.Exists(path))
            {
                File.Copy(source, path);
            }

            return path;
        }).ToArray();
    }

    private static string Ensure(string name, Action<string> make)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            make(path);
        }

        return path;
    }

    public static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {error}");
        }
    }
}
