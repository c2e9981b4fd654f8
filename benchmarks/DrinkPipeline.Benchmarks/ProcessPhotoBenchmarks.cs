using BenchmarkDotNet.Attributes;
using DrinkPipeline.Imaging;

namespace DrinkPipeline.Benchmarks;

/// <summary>The worker's whole image step: validate, metadata, both derivatives, SHA-256.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ProcessPhotoBenchmarks
{
    private static readonly ImageLimits Limits = new();
    private byte[] jpeg = [];
    private byte[] prepared = [];
    private byte[] png = [];
    private byte[] webp = [];

    [GlobalSetup]
    public void Setup()
    {
        jpeg = File.ReadAllBytes(BenchmarkImages.Jpeg12MP);
        prepared = File.ReadAllBytes(BenchmarkImages.JpegPrepared);
        png = File.ReadAllBytes(BenchmarkImages.Png4MP);
        webp = File.ReadAllBytes(BenchmarkImages.WebP12MP);
    }

    [Benchmark(Baseline = true)]
    public ImageResult Jpeg12MP() => Expect(PhotoImaging.Process(jpeg, "image/jpeg", Limits));

    /// <summary>The same photo as the upload page sends it (issue 22): what preparing in the browser saves the worker.</summary>
    [Benchmark]
    public ImageResult JpegPreparedInThePage() => Expect(PhotoImaging.Process(prepared, "image/jpeg", Limits));

    [Benchmark]
    public ImageResult Png4MP() => Expect(PhotoImaging.Process(png, "image/png", Limits));

    [Benchmark]
    public ImageResult WebP12MP() => Expect(PhotoImaging.Process(webp, "image/webp", Limits));

    private static ImageResult Expect(ImageResult result) =>
        result as ImageResult.Accepted ?? throw new InvalidOperationException($"Benchmark input rejected: {result}");
}
