using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace DrinkPipeline.Imaging;

internal sealed record ExifFacts(DateTimeOffset? TakenAt, string? CameraMake, string? CameraModel, GeoPoint? Location);

/// <summary>The few EXIF facts we keep, read with MetadataExtractor; unreadable metadata is simply absent.</summary>
internal static class ExifReader
{
    public static ExifFacts Read(byte[] content)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception exception) when (exception is ImageProcessingException or IOException or MetadataException)
        {
            return new ExifFacts(null, null, null, null);
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var subIfd = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();

        DateTimeOffset? takenAt = null;
        // DateTimeOriginal carries no zone; it is the camera's local time, kept as given (offset zero).
        if (subIfd?.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var original) == true)
        {
            takenAt = new DateTimeOffset(DateTime.SpecifyKind(original, DateTimeKind.Unspecified), TimeSpan.Zero);
        }

        var location = gps?.GetGeoLocation() is { IsZero: false } geo
            ? new GeoPoint(Math.Round(geo.Latitude, 6), Math.Round(geo.Longitude, 6))
            : null;

        return new ExifFacts(
            takenAt,
            Clean(ifd0?.GetDescription(ExifDirectoryBase.TagMake)),
            Clean(ifd0?.GetDescription(ExifDirectoryBase.TagModel)),
            location);
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim().TrimEnd('\0');
        return string.IsNullOrEmpty(trimmed) ? null : trimmed[..Math.Min(trimmed.Length, 100)];
    }
}
