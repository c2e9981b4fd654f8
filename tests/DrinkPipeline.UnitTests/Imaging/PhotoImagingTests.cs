using System.Security.Cryptography;
using DrinkPipeline.Imaging;
using NetVips;

namespace DrinkPipeline.UnitTests.Imaging;

public class PhotoImagingTests
{
    private static readonly ImageLimits Limits = new();

    [Fact]
    public void Orientation6IsMeasuredAsDisplayedAndRenderedUpright()
    {
        var accepted = Accept(Corpus.Orientation6Jpeg, "image/jpeg");

        Assert.Equal((300, 400), (accepted.Metadata.Width, accepted.Metadata.Height));
        Assert.Equal((240, 320), (accepted.Thumbnail.Width, accepted.Thumbnail.Height));
        Assert.Equal((300, 400), (accepted.Display.Width, accepted.Display.Height));
    }

    [Fact]
    public void ExifDateCameraAndGpsAreRead()
    {
        var metadata = Accept(Corpus.GpsJpeg, "image/jpeg").Metadata;

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 21, 15, 0, TimeSpan.Zero), metadata.TakenAt);
        Assert.Equal(("Canon", "EOS R6"), (metadata.CameraMake, metadata.CameraModel));
        Assert.NotNull(metadata.Location);
        Assert.Equal(48.8584, metadata.Location.Latitude, 4);
        Assert.Equal(2.2945, metadata.Location.Longitude, 4);
    }

    [Fact]
    public void DerivativesCarryNoMetadata()
    {
        var accepted = Accept(Corpus.GpsJpeg, "image/jpeg");

        foreach (var derivative in new[] { accepted.Thumbnail, accepted.Display })
        {
            using var image = Image.NewFromBuffer(derivative.Content);
            Assert.False(image.Contains("exif-data"), "EXIF survived in a derivative.");
            Assert.False(image.Contains("xmp-data"), "XMP survived in a derivative.");
            Assert.Null(Accept(derivative.Content, Derivative.ContentType).Metadata.Location);
        }
    }

    [Fact]
    public void LargePhotosAreShrunkToBothSizesAndSmallOnesNeverEnlarged()
    {
        var large = Accept(Corpus.LargeJpeg, "image/jpeg");
        var small = Accept(Corpus.WebP, "image/webp");

        Assert.Equal((2400, 1800), (large.Metadata.Width, large.Metadata.Height));
        Assert.Equal((1600, 1200), (large.Display.Width, large.Display.Height));
        Assert.Equal((320, 240), (large.Thumbnail.Width, large.Thumbnail.Height));
        Assert.Equal((300, 200), (small.Display.Width, small.Display.Height));
    }

    public static TheoryData<string, string, int, int> AcceptedFormats => new()
    {
        { nameof(Corpus.AlphaPng), "image/png", 200, 200 },
        { nameof(Corpus.AnimatedGif), "image/gif", 100, 80 },
        { nameof(Corpus.WebP), "image/webp", 300, 200 },
        { nameof(Corpus.CmykJpeg), "image/jpeg", 300, 200 },
        { nameof(Corpus.Png16), "image/png", 300, 200 },
        { nameof(Corpus.Avif), "image/avif", 300, 200 },
    };

    [Theory]
    [MemberData(nameof(AcceptedFormats))]
    public void AcceptedFormatsYieldSrgbWebPDerivatives(string file, string contentType, int width, int height)
    {
        var content = File(file);

        var accepted = Accept(content, contentType);

        Assert.Equal((contentType, width, height), (accepted.Metadata.ContentType, accepted.Metadata.Width, accepted.Metadata.Height));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), accepted.Metadata.Sha256);
        Assert.Equal(content.Length, accepted.Metadata.SizeBytes);
        using var thumbnail = Image.NewFromBuffer(accepted.Thumbnail.Content);
        Assert.Equal("webpload_buffer", thumbnail.Get("vips-loader"));
        Assert.Equal(Enums.Interpretation.Srgb, thumbnail.Interpretation);
        Assert.Equal(Enums.BandFormat.Uchar, thumbnail.Format);
    }

    [Fact]
    public void AnimatedGifGivesItsFirstFrame()
    {
        var accepted = Accept(Corpus.AnimatedGif, "image/gif");

        using var thumbnail = Image.NewFromBuffer(accepted.Thumbnail.Content);
        var pixel = thumbnail.Getpoint(50, 40);
        Assert.True(pixel[1] > 100 && pixel[0] < 50, $"Expected the green first frame, got [{string.Join(", ", pixel)}].");
    }

    public static TheoryData<string, string, string, string> Rejections => new()
    {
        { nameof(Corpus.TextAsJpeg), "image/jpeg", "not-an-image", "The file is text, not a JPEG image." },
        { nameof(Corpus.SvgWithScript), "image/png", "not-an-image", "The file is an SVG document, not a PNG image." },
        { nameof(Corpus.TruncatedJpeg), "image/jpeg", "corrupt", "The file is a damaged or truncated JPEG image." },
        { nameof(Corpus.Heic), "image/heic", "unsupported", "HEIC is not supported; please upload a JPEG (most phones can export one)." },
        { nameof(Corpus.AlphaPng), "image/jpeg", "type-mismatch", "The file is a PNG image but was declared as JPEG." },
        { nameof(Corpus.PngBomb), "image/png", "too-big", "The image is 12000 × 12000 pixels (144 megapixels); the limit is 50 megapixels and 12000 pixels per side." },
        { nameof(Corpus.Png60Megapixels), "image/png", "too-big", "The image is 10000 × 6000 pixels (60 megapixels); the limit is 50 megapixels and 12000 pixels per side." },
        { nameof(Corpus.PngTooWide), "image/png", "too-big", "The image is 13000 × 10 pixels (0.1 megapixels); the limit is 50 megapixels and 12000 pixels per side." },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void BadFilesAreRejectedWithAReasonPeopleCanRead(string file, string declaredType, string category, string reason)
    {
        var result = PhotoImaging.Process(File(file), declaredType, Limits);

        Assert.Equal(new ImageResult.Rejected(category, reason), result);
    }

    [Fact]
    public void RenderingPastTheDeadlineIsStoppedAndRejected()
    {
        var result = PhotoImaging.Process(Corpus.LargeJpeg, "image/jpeg", new ImageLimits(RenderTimeout: TimeSpan.Zero));

        Assert.Equal(new ImageResult.Rejected("too-slow", "The image could not be processed within 0 seconds."), result);
    }

    [Fact]
    public void AnEmptyFileIsRejected()
    {
        Assert.Equal(new ImageResult.Rejected("empty", "The file is empty."), PhotoImaging.Process([], "image/jpeg", Limits));
    }

    [Fact]
    public void TheBombIsRefusedFromItsHeaderWithoutDecodingThePixels()
    {
        // Its pixel data is cut off: any decode would end in "corrupt", so "too-big" proves the header alone decided.
        var headerOnly = Corpus.PngBomb[..200];

        var result = PhotoImaging.Process(headerOnly, "image/png", Limits);

        Assert.Equal("too-big", Assert.IsType<ImageResult.Rejected>(result).Category);
    }

    [Fact]
    public void ATruncatedPngWithinTheLimitsIsCorrupt()
    {
        var result = PhotoImaging.Process(Corpus.PngBomb[..200], "image/png", new ImageLimits(1_000_000_000, 20_000));

        Assert.Equal("corrupt", Assert.IsType<ImageResult.Rejected>(result).Category);
    }

    private static ImageResult.Accepted Accept(byte[] content, string contentType) =>
        Assert.IsType<ImageResult.Accepted>(PhotoImaging.Process(content, contentType, Limits));

    private static byte[] File(string property) =>
        (byte[])typeof(Corpus).GetProperty(property)!.GetValue(null)!;

    [Fact]
    public void TheWarmUpPhotoIsAccepted() =>
        // The worker runs it before it reports healthy: a rejection there would keep it from starting.
        PhotoImaging.WarmUp(Limits);
}
