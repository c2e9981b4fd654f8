using System.Globalization;
using NetVips;

namespace DrinkPipeline.Testing;

/// <summary>Where a photo was taken and with what: written into the JPEG's EXIF by <see cref="PhotoFactory"/>.</summary>
public sealed record CameraExif(int Orientation, string Make, string Model, string TakenAt, double Latitude, double Longitude);

/// <summary>
/// Test images made in the tests with libvips (NetVips, the worker's own imaging library), so the test command needs
/// no image tools installed. libvips writes JPEG, PNG, WebP, GIF and AVIF, and EXIF orientation, dates, camera and GPS;
/// it cannot write HEIC, so one small HEIC file (made with ImageMagick) is kept beside this file.
/// </summary>
public static class PhotoFactory
{
    /// <summary>A horizontal gradient between two RGB colours.</summary>
    public static Image Gradient(int width, int height, double[] from, double[] to)
    {
        using var x = Image.Xyz(width, height)[0];
        using var share = x / (double)width;
        return (share * to.Zip(from, (end, start) => end - start).ToArray() + from).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>
    /// Something like a photo to a codec: smooth blobs of colour with fine grain. Compresses like a real photo (a
    /// 12 MP one at quality 90 is several MB), unlike a gradient.
    /// </summary>
    public static Image Textured(int width, int height, int seed = 1)
    {
        const int blob = 16;
        using var red = Image.Gaussnoise((width / blob) + 1, (height / blob) + 1, sigma: 60, mean: 128, seed: seed);
        using var green = Image.Gaussnoise((width / blob) + 1, (height / blob) + 1, sigma: 60, mean: 128, seed: seed + 1);
        using var blue = Image.Gaussnoise((width / blob) + 1, (height / blob) + 1, sigma: 60, mean: 128, seed: seed + 2);
        using var colour = red.Bandjoin(green, blue);
        using var smooth = colour.Resize(blob, kernel: Enums.Kernel.Linear).Crop(0, 0, width, height);
        using var grain = Image.Gaussnoise(width, height, sigma: 5, mean: 0, seed: seed + 3);
        return (smooth + grain).Cast(Enums.BandFormat.Uchar);
    }

    public static byte[] Jpeg(Image image, int quality = 85, CameraExif? exif = null)
    {
        if (exif is null)
        {
            return image.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
        }

        using var tagged = image.Mutate(fields =>
        {
            // libvips writes the orientation from its own field, the rest from exif-ifd* strings.
            fields.Set(GValue.GIntType, "orientation", exif.Orientation);
            fields.Set(GValue.GStrType, "exif-ifd0-Make", exif.Make);
            fields.Set(GValue.GStrType, "exif-ifd0-Model", exif.Model);
            fields.Set(GValue.GStrType, "exif-ifd2-DateTimeOriginal", exif.TakenAt);
            fields.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", exif.Latitude >= 0 ? "N" : "S");
            fields.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", DegreesMinutesSeconds(exif.Latitude));
            fields.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", exif.Longitude >= 0 ? "E" : "W");
            fields.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", DegreesMinutesSeconds(exif.Longitude));
        });
        return tagged.JpegsaveBuffer(q: quality);
    }

    /// <summary>The small HEIC file kept in the repository (libvips here cannot encode HEVC).</summary>
    public static byte[] Heic() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Shared", "photo.heic"));

    /// <summary>EXIF's GPS form: three rationals, "degrees/1 minutes/1 hundredths-of-seconds/100".</summary>
    private static string DegreesMinutesSeconds(double value)
    {
        var total = Math.Round(Math.Abs(value) * 3_600 * 100);
        var degrees = (long)(total / 360_000);
        var minutes = (long)(total % 360_000 / 6_000);
        var hundredths = (long)(total % 6_000);
        return string.Create(CultureInfo.InvariantCulture, $"{degrees}/1 {minutes}/1 {hundredths}/100");
    }
}
