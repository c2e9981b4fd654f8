namespace DrinkPipeline.Contracts;

// The API's requests and answers, shared by the API, the web app's client and the tests (one definition: a field the
// API adds or renames is seen by all three at compile time). /openapi/v1.json describes the same shapes.

public sealed record UploadTicket(
    string UploadId,
    string ObjectKey,
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset ExpiresAt,
    string WatchToken);

public sealed record UploadStatusResponse(
    string UploadId,
    string Status,
    string BarName,
    string DrinkName,
    string ObjectKey,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ThumbnailUrl,
    string? DuplicateOf);

public sealed record Location(double Latitude, double Longitude);

/// <summary>
/// The newest photo of a drink. Only the stripped renditions are linked (<c>thumbnailUrl</c>, <c>displayUrl</c>); the
/// original as uploaded, with its metadata (GPS among it), is never served. <c>location</c> is only returned when
/// <c>Privacy:ExposeLocation</c> is on.
/// </summary>
public sealed record DrinkResponse(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string? ThumbnailUrl,
    string? DisplayUrl,
    DateTimeOffset DisplayUrlExpiresAt,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera,
    string? Sha256,
    Location? Location);

public sealed record DrinkSummary(string DrinkName, DateTimeOffset UploadedAt, int PhotoCount, string? ThumbnailUrl);

public sealed record DrinkList(string BarName, IReadOnlyList<DrinkSummary> Drinks, string? NextCursor);

public sealed record BarList(IReadOnlyList<string> Bars, string? NextCursor);

/// <summary>One photo of a drink; the renditions are null for photos recorded before derivatives existed.</summary>
public sealed record PhotoSummary(
    string UploadId,
    string? ThumbnailUrl,
    string? DisplayUrl,
    DateTimeOffset UploadedAt,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera);

public sealed record PhotoList(string BarName, string DrinkName, IReadOnlyList<PhotoSummary> Photos, string? NextCursor);

public sealed record RecentPhoto(string UploadId, string BarName, string DrinkName, string ThumbnailUrl, DateTimeOffset ReadyAt);

public sealed record RecentPhotoList(IReadOnlyList<RecentPhoto> Photos, string? NextCursor);

public sealed record BarResult(string BarName, int DrinkCount, string? ThumbnailUrl);

public sealed record DrinkResult(string BarName, string DrinkName, string UploadId, string? ThumbnailUrl, DateTimeOffset UploadedAt, int PhotoCount);

/// <summary>Bars and drinks whose names have a word starting with each word of <c>q</c>; <c>nextCursor</c> continues both.</summary>
public sealed record SearchResponse(IReadOnlyList<BarResult> Bars, IReadOnlyList<DrinkResult> Drinks, string? NextCursor);

public sealed record BarServing(string BarName, string UploadId, string? ThumbnailUrl, DateTimeOffset UploadedAt, int PhotoCount);

/// <summary>A drink at every bar that has a photo of it, newest photo first.</summary>
public sealed record DrinkBarList(string DrinkName, IReadOnlyList<BarServing> Bars, string? NextCursor);

/// <summary>
/// One photo, for its share page: the stripped display rendition (never the original), its thumbnail and facts.
/// The URLs are presigned and expire at <c>displayUrlExpiresAt</c>; the share page's image link fetches fresh ones.
/// </summary>
public sealed record PhotoResponse(
    string UploadId,
    string BarName,
    string DrinkName,
    DateTimeOffset UploadedAt,
    DateTimeOffset? TakenAt,
    string? Camera,
    int? Width,
    int? Height,
    string? DisplayUrl,
    string? ThumbnailUrl,
    DateTimeOffset DisplayUrlExpiresAt);

/// <summary>A visitor's report on a photo: <c>reason</c> is one of spam, offensive, not-a-drink, wrong-bar-or-drink, other.</summary>
public sealed record ReportRequest(string? Reason, string? Note);

/// <summary>A reported photo in the moderators' queue.</summary>
public sealed record ReportedPhotoResponse(
    string UploadId,
    string BarName,
    string DrinkName,
    string? ThumbnailUrl,
    int ReportCount,
    IReadOnlyDictionary<string, int> Reasons,
    IReadOnlyList<string> Notes,
    DateTimeOffset LastReportedAt,
    bool Hidden,
    bool Kept);

public sealed record ReportedPhotoList(IReadOnlyList<ReportedPhotoResponse> Photos, string? NextCursor);

/// <summary>
/// A moderator session (<c>POST /api/admin/sessions</c>, with the key): presented in <see cref="Header"/> instead of the
/// key until it is closed (<c>DELETE /api/admin/sessions/current</c>) or ends.
/// </summary>
public sealed record ModeratorSession(string Token, DateTimeOffset ExpiresAt)
{
    public const string Header = "X-Moderator-Session";
}
