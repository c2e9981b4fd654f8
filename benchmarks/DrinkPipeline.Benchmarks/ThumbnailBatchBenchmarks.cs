using BenchmarkDotNet.Attributes;
using NetVips;
using SkiaSharp;

namespace DrinkPipeline.Benchmarks;

/// <summary>
/// 320 px WebP thumbnails of 50 × 12 MP JPEGs, three ways, in one run: the vipsthumbnail CLI (one process for the
/// whole batch, so start-up is amortised), NetVips in-process (what the worker does), and SkiaSharp decoding each
/// photo in full before resizing (the approach of the Aspire ImageGallery sample).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ThumbnailBatchBenchmarks
{
    private const int Side = 320;
    private string[] files = [];
    private string outputFolder = "";

    [GlobalSetup]
    public void Setup()
    {
        files = BenchmarkImages.JpegBatch(50);
        outputFolder = Directory.CreateDirectory(Path.Combine(BenchmarkImages.Folder, "out")).FullName;
        Cache.Max = 0;
    }

    [Benchmark(Baseline = true)]
    public void VipsThumbnailCli() =>
        BenchmarkImages.Run("vipsthumbnail", [.. files, "--size", $"{Side}x{Side}", "-o", Path.Combine(outputFolder, "%s_cli.webp[Q=82,strip]")]);

    [Benchmark]
    public long NetVipsInProcess()
    {
        long bytes = 0;
        foreach (var file in files)
        {
            using var image = Image.Thumbnail(file, Side, height: Side);
            bytes += image.WebpsaveBuffer(q: 82, keep: Enums.ForeignKeep.None).Length;
        }

        return bytes;
    }

    [Benchmark]
    public long SkiaSharpFullDecode()
    {
        long bytes = 0;
        foreach (var file in files)
        {
            using var original = SKBitmap.Decode(file);
            var scale = (float)Side / Math.Max(original.Width, original.Height);
            using var resized = original.Resize(
                new SKImageInfo((int)(original.Width * scale), (int)(original.Height * scale)),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            using var image = SKImage.FromBitmap(resized);
            using var data = image.Encode(SKEncodedImageFormat.Webp, 82);
            bytes += data.Size;
        }

        return bytes;
    }
}
