namespace DrinkPipeline.Storage.Catalog;

/// <summary>What the image itself says: size as displayed, content hash and the EXIF facts kept.</summary>
public sealed record PhotoDetails(
    int Width,
    int Height,
    string Sha256,
    DateTimeOffset? TakenAt,
    string? CameraMake,
    string? CameraModel,
    double? Latitude,
    double? Longitude);

/// <summary>An accepted photo, as the worker records it.</summary>
public sealed record PhotoRecord(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    DateTimeOffset LastModified,
    string ETag,
    PhotoDetails Details)
{
    /// <summary>
    /// Orders photos of one drink: S3 event time, then LastModified, then ETag (the emulator's events carry no
    /// sequencer). Fixed-width timestamps make string order equal time order.
    /// </summary>
    public string Version =>
        $"{StoredValues.Format(UploadedAt)}|{StoredValues.Format(LastModified)}|{ETag}";
}

/// <summary>The newest photo of a drink, as the lookup returns it.</summary>
public sealed record DrinkItem(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount,
    PhotoDetails? Details);

/// <summary>One photo of a drink, as the photos table keeps it.</summary>
public sealed record DrinkPhoto(
    string UploadId,
    string ObjectKey,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    PhotoDetails? Details);

/// <summary>An earlier photo of the same drink with the same content.</summary>
public sealed record ExistingPhoto(string UploadId, string ObjectKey);
