using DrinkPipeline.Testing;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Real image files made with libvips (<see cref="PhotoFactory"/>), generated once per run.</summary>
public static class TestImages
{
    private static readonly Lazy<byte[]> LazyJpeg = new(() =>
    {
        using var image = PhotoFactory.Gradient(320, 240, [255, 165, 0], [128, 0, 128]);
        return PhotoFactory.Jpeg(image, quality: 85);
    });

    private static readonly Lazy<byte[]> LazyPng = new(() =>
    {
        using var image = PhotoFactory.Gradient(64, 64, [0, 128, 128], [0, 128, 128]);
        return image.PngsaveBuffer();
    });

    private static readonly Lazy<byte[]> LazyCameraJpeg = new(() =>
    {
        using var image = PhotoFactory.Textured(400, 300);
        return PhotoFactory.Jpeg(image, exif: new CameraExif(6, "Apple", "iPhone 17", "2026:11:21 19:30:00", 51.5007, -0.1246));
    });

    public static byte[] Jpeg => LazyJpeg.Value;

    public static byte[] Png => LazyPng.Value;

    /// <summary>A small HEIC file kept in the repository (libvips cannot write HEIC here).</summary>
    public static byte[] Heic => PhotoFactory.Heic();

    /// <summary>400 × 300 stored, EXIF orientation 6 (displayed 300 × 400), with GPS, date and camera.</summary>
    public static byte[] CameraJpeg => LazyCameraJpeg.Value;

    /// <summary>A photo-like JPEG of the given size: large photos compress like real ones (several MB at 12 MP).</summary>
    public static byte[] Photo(int width, int height, int quality = 90, int seed = 1)
    {
        using var image = PhotoFactory.Textured(width, height, seed);
        return PhotoFactory.Jpeg(image, quality);
    }
}
