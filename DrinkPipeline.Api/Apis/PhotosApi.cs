using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrinkPipeline.Api.Apis;

public static class PhotosApi
{
    private const int DefaultRecentLimit = 12;
    private const int MaxRecentLimit = 50;

    /// <summary>How far back the feed looks: it is for a home page, not an archive.</summary>
    private const int RecentDays = 7;

    private const string RecentScope = "recent";

    public static RouteGroupBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/photos");
        group.MapGet("/recent", ListRecent);
        return group;
    }

    /// <summary>The newest ready uploads across all bars, newest first.</summary>
    public static async Task<Results<Ok<RecentPhotoList>, ProblemHttpResult>> ListRecent(
        int? limit,
        string? cursor,
        UploadStore uploads,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(cursor, RecentScope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var before = PageCursors.ToKey(position)?[Tables.Uploads.ReadyAt].S;
        var recent = await uploads.ListRecentReadyAsync(Math.Clamp(limit ?? DefaultRecentLimit, 1, MaxRecentLimit), RecentDays, before, cancellationToken);
        var photos = new List<RecentPhoto>(recent.Items.Count);
        foreach (var upload in recent.Items)
        {
            var (thumbnailUrl, _) = await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(upload.UploadId));
            photos.Add(new RecentPhoto(upload.UploadId, upload.BarName, upload.DrinkName, thumbnailUrl, upload.ReadyAt ?? upload.UpdatedAt));
        }

        return TypedResults.Ok(new RecentPhotoList(photos, Paging.Next(cursors, RecentScope, recent.Next)));
    }
}
