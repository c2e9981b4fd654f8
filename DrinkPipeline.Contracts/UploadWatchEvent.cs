namespace DrinkPipeline.Contracts;

/// <summary>
/// What the web app tells a page about one of its uploads, on its event stream and its status: the status, the reason
/// and the rendition's link, nothing else (no object key, no names, no other upload's id).
/// </summary>
public sealed record UploadWatchEvent(string Status, string? Reason, string? ThumbnailUrl)
{
    public const string AlreadyHere = "The same photo of this drink was already here.";

    public static UploadWatchEvent From(UploadStatusResponse status) =>
        new(status.Status, status.DuplicateOf is null ? status.Reason : AlreadyHere, status.ThumbnailUrl);
}
