using System.Security.Cryptography;
using NetVips;

namespace DrinkPipeline.Imaging;

/// <summary>
/// Limits on an image: pixel count and side are checked on the header, before any pixel is decoded (decompression
/// bombs never get decoded); <see cref="MaxRenderTime"/> bounds the decoding and rendering of each derivative.
/// </summary>
public sealed record ImageLimits(long MaxPixels = 50_000_000, int MaxSide = 12_000, TimeSpan? RenderTimeout = null)
{
    public TimeSpan MaxRenderTime => RenderTimeout ?? TimeSpan.FromSeconds(20);
}

public sealed record GeoPoint(double Latitude, double Longitude);

/// <summary>What the bytes are, as displayed (EXIF orientation applied).</summary>
public sealed record PhotoMetadata(
    string ContentType,
    int Width,
    int Height,
    long SizeBytes,
    string Sha256,
    DateTimeOffset? TakenAt,
    string? CameraMake,
    string? CameraModel,
    GeoPoint? Location);

/// <summary>A WebP rendition: upright, metadata stripped.</summary>
public sealed record Derivative(byte[] Content, int Width, int Height)
{
    public const string ContentType = "image/webp";
}

public abstract record ImageResult
{
    private ImageResult()
    {
    }

    public sealed record Accepted(PhotoMetadata Metadata, Derivative Thumbnail, Derivative Display) : ImageResult;

    /// <summary>A refusal: <paramref name="Category"/> is a fixed word for metrics, <paramref name="Reason"/> is for people.</summary>
    public sealed record Rejected(string Category, string Reason) : ImageResult;
}

/// <summary>
/// Validates an uploaded image by its content and makes its derivatives, with libvips (NetVips). Only the loaders of
/// the accepted formats are enabled, so SVG, PDF and other untrusted loaders can never see an upload.
/// </summary>
public static class PhotoImaging
{
    public const int ThumbnailSide = 320;
    public const int DisplaySide = 1600;

    // Loader options: a truncated or corrupt file fails instead of being padded with grey.
    private const string StrictLoad = "[fail_on=truncated]";

    // libvips also prints every decoder warning to stderr; failures reach us as exceptions and become rejection
    // reasons, so the warnings are dropped. Held in a field so the native callback stays alive.
    private static readonly Log.LogDelegate IgnoreWarnings = static (_, _, _) => { };

    static PhotoImaging()
    {
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif", "VipsForeignLoadHeif" })
        {
            Operation.Block(loader, false);
        }

        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, IgnoreWarnings);

        // No operation cache: each photo is processed once, and the cache would only hold memory.
        Cache.Max = 0;
    }

    /// <summary>
    /// Runs a small made-up photo through <see cref="Process"/>, so the first real one does not pay for loading libvips
    /// and compiling this path (on 2 cores that made the first seconds of photos after a start the slowest).
    /// </summary>
    public static void WarmUp(ImageLimits limits)
    {
        using var image = Image.Black(64, 48, bands: 3) + 128;
        if (Process(image.JpegsaveBuffer(), "image/jpeg", limits) is ImageResult.Rejected rejected)
        {
            throw new InvalidOperationException($"The imaging warm-up photo was rejected: {rejected.Reason}");
        }
    }

    public static ImageResult Process(byte[] content, string declaredType, ImageLimits limits)
    {
        if (content.Length == 0)
        {
            return new ImageResult.Rejected("empty", "The file is empty.");
        }

        var sniffed = ImageSniffer.Detect(content);
        if (sniffed is null)
        {
            return new ImageResult.Rejected("not-an-image", $"{ContentSniffing.Describe(content)}, not a {Name(declaredType)} image.");
        }

        if (sniffed != declaredType)
        {
            return new ImageResult.Rejected("type-mismatch", $"The file is a {Name(sniffed)} image but was declared as {Name(declaredType)}.");
        }

        int width, height, orientation;
        try
        {
            using var header = Image.NewFromBuffer(content, access: Enums.Access.Sequential);
            (width, height) = (header.Width, header.Height);
            orientation = header.Contains("orientation") ? (int)header.Get("orientation") : 1;
        }
        catch (VipsException)
        {
            return Unreadable(sniffed);
        }

        if ((long)width * height > limits.MaxPixels || width > limits.MaxSide || height > limits.MaxSide)
        {
            return new ImageResult.Rejected("too-big",
                $"The image is {width} × {height} pixels ({width * (double)height / 1_000_000:0.#} megapixels); the limit is " +
                $"{limits.MaxPixels / 1_000_000.0:0.#} megapixels and {limits.MaxSide} pixels per side.");
        }

        Derivative display, thumbnail;
        using (var deadline = new CancellationTokenSource(limits.MaxRenderTime))
        {
            try
            {
                display = Render(content, DisplaySide, deadline.Token);
                thumbnail = Render(content, ThumbnailSide, deadline.Token);
            }
            catch (VipsException) when (deadline.IsCancellationRequested)
            {
                return new ImageResult.Rejected("too-slow", $"The image could not be processed within {limits.MaxRenderTime.TotalSeconds:0.#} seconds.");
            }
            catch (VipsException)
            {
                return Unreadable(sniffed);
            }
        }

        // Orientations 5 to 8 turn the picture a quarter: displayed width and height swap.
        var (displayedWidth, displayedHeight) = orientation is >= 5 and <= 8 ? (height, width) : (width, height);
        var exif = ExifReader.Read(content);
        var metadata = new PhotoMetadata(
            sniffed,
            displayedWidth,
            displayedHeight,
            content.Length,
            Convert.ToHexStringLower(SHA256.HashData(content)),
            exif.TakenAt,
            exif.CameraMake,
            exif.CameraModel,
            exif.Location);
        return new ImageResult.Accepted(metadata, thumbnail, display);
    }

    /// <summary>Longest side at most <paramref name="side"/>, never enlarged, upright, as WebP without metadata.</summary>
    private static Derivative Render(byte[] content, int side, CancellationToken deadline)
    {
        // Thumbnail shrinks on load (a large JPEG is never decoded at full size), applies the EXIF orientation and
        // converts CMYK or 16-bit input to 8-bit sRGB; GIFs give their first frame.
        using var image = Image.ThumbnailBuffer(content, side, height: side, size: Enums.Size.Down, optionString: StrictLoad);
        // Past the deadline libvips stops evaluating and the save fails.
        image.SetProgress(new Progress<int>(), deadline);
        var webp = image.WebpsaveBuffer(q: 82, keep: Enums.ForeignKeep.None);
        return new Derivative(webp, image.Width, image.Height);
    }

    private static ImageResult.Rejected Unreadable(string sniffed) => sniffed == "image/heic"
        // The bundled libheif decodes AVIF but has no HEVC decoder.
        ? new ImageResult.Rejected("unsupported", "HEIC is not supported; please upload a JPEG (most phones can export one).")
        : new ImageResult.Rejected("corrupt", $"The file is a damaged or truncated {Name(sniffed)} image.");

    private static string Name(string contentType) => contentType["image/".Length..].ToUpperInvariant();
}
