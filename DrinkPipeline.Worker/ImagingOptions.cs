using System.ComponentModel.DataAnnotations;
using DrinkPipeline.Imaging;

namespace DrinkPipeline.Worker;

/// <summary>Image limits checked on the header before decoding (section <c>Imaging</c>).</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    [Range(1, int.MaxValue)]
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Longest time spent decoding and rendering one derivative before the image is rejected.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxRenderTime { get; set; } = TimeSpan.FromSeconds(20);

    public ImageLimits Limits => new(MaxPixels, MaxSide, MaxRenderTime);
}
