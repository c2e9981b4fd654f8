using DrinkPipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrinkPipeline.Api.Apis;

public sealed record RecentPhoto(string UploadId, string BarName, string DrinkName, string ThumbnailUrl, DateTimeOffset ReadyAt);

public sealed record RecentPhotoList(IReadOnlyList<RecentPhoto> Photos);

public static class PhotosApi
{
    private const int DefaultRecentLimit = 12;
    private const int MaxRecentLimit = 50;

    /// <summary>How far back the feed looks: it is for a home page, not an archive.</summary>
    private const int RecentDays = 7;

    public static RouteGroupBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/photos");
        group.MapGet("/recent", ListRecent);
        return group;
    }

    /// <summary>The newest ready uploads across all bars, newest first.</summary>
    public static async Task<Ok<RecentPhotoList>> ListRecent(
        int? limit,
        UploadStore uploads,
        PhotoUrls urls,
        CancellationToken cancellationToken)
    {
        var recent = await uploads.ListRecentReadyAsync(Math.Clamp(limit ?? DefaultRecentLimit, 1, MaxRecentLimit), RecentDays, cancellationToken);
        var photos = new List<RecentPhoto>(recent.Count);
        foreach (var upload in recent)
        {
            var (thumbnailUrl, _) = await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(upload.UploadId));
            photos.Add(new RecentPhoto(upload.UploadId, upload.BarName, upload.DrinkName, thumbnailUrl, upload.ReadyAt ?? upload.UpdatedAt));
        }

        return TypedResults.Ok(new RecentPhotoList(photos));
    }
}
