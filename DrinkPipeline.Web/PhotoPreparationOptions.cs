using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Web;

/// <summary>
/// Section <c>PhotoPreparation</c>: what the upload page makes of a photo before it goes up (wwwroot/js/prepare.js).
/// With the defaults a 12 MP phone photo goes up as ~0.6 MB (docs/benchmarks.md).
/// </summary>
public sealed class PhotoPreparationOptions
{
    public const string SectionName = "PhotoPreparation";

    /// <summary>
    /// The long side, in pixels, a photo is scaled down to: at least the worker's 1,600 px display rendition, which
    /// is made from it, with room to spare.
    /// </summary>
    [Range(1600, 8192)]
    public int LongSide { get; set; } = 2048;

    /// <summary>The browser's JPEG quality (0–1) for the prepared photo.</summary>
    [Range(0.5, 1.0)]
    public double Quality { get; set; } = 0.85;
}
