using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Coordination;
using DrinkPipeline.Storage.Moderation;
using DrinkPipeline.Storage.Uploads;
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
        group.MapGet("/recent", ListRecent)
            .WithSummary("The newest photos of the last 7 days across all bars, in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/{uploadId}/reports", ReportPhoto)
            .WithSummary("Reports a photo to the moderators; hidden after Moderation:HideAfterReports distinct reporters until kept")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{uploadId}", GetPhoto)
            .WithSummary("One photo by its upload id (share links)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    /// <summary>The newest ready uploads across all bars, newest first.</summary>
    public static async Task<Results<Ok<RecentPhotoList>, ProblemHttpResult>> ListRecent(
        int? limit,
        string? cursor,
        RecentUploads feed,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(cursor, RecentScope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var before = PageCursors.ToKey(position)?[Tables.Uploads.ReadyAt].S;
        var recent = await feed.ListRecentReadyAsync(Math.Clamp(limit ?? DefaultRecentLimit, 1, MaxRecentLimit), RecentDays, before, cancellationToken);
        var photos = new List<RecentPhoto>(recent.Items.Count);
        foreach (var upload in recent.Items)
        {
            var (thumbnailUrl, _) = await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(upload.UploadId));
            photos.Add(new RecentPhoto(upload.UploadId, upload.BarName, upload.DrinkName, thumbnailUrl, upload.ReadyAt ?? upload.UpdatedAt));
        }

        return TypedResults.Ok(new RecentPhotoList(photos, Paging.Next(cursors, RecentScope, recent.Next)));
    }

    /// <summary>
    /// A photo by its upload id, for share links: 404 when there is no such photo (unknown, or not ready), 410 when a
    /// moderator removed it (its record stays as a tombstone). A re-upload shows the earlier photo it duplicates.
    /// </summary>
    public static async Task<Results<Ok<PhotoResponse>, ProblemHttpResult>> GetPhoto(
        string uploadId,
        UploadStore uploads,
        DrinkCatalog catalog,
        PhotoUrls urls,
        CancellationToken cancellationToken)
    {
        // A re-upload shows the earlier photo, so it goes (or hides) with it.
        var (upload, owner) = await uploads.GetWithPhotoOwnerAsync(uploadId, cancellationToken);
        var shown = owner ?? upload;
        if (upload?.Status == UploadStatus.Removed || shown?.Status == UploadStatus.Removed)
        {
            return TypedResults.Problem(Problems.Gone($"The photo '{uploadId}' was removed."));
        }

        if (shown?.Hidden == true)
        {
            return TypedResults.Problem(Problems.NotFound($"The photo '{uploadId}' is hidden while moderators review reports about it."));
        }

        var photo = upload?.Status == UploadStatus.Ready
            ? await catalog.GetPhotoAsync(upload.BarName, upload.DrinkName, upload.DuplicateOf ?? upload.UploadId, cancellationToken)
            : null;
        if (upload is null || photo is null)
        {
            return TypedResults.Problem(Problems.NotFound($"There is no photo with id '{uploadId}'."));
        }

        var details = photo.Details;
        var (displayUrl, expiresAt) = details is null ? (null, DateTimeOffset.MaxValue) : await urls.ForViewingAsync(ObjectKeys.DisplayFor(photo.UploadId));
        var thumbnailUrl = details is null ? null : (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(photo.UploadId))).Url;
        return TypedResults.Ok(new PhotoResponse(
            upload.UploadId,
            upload.BarName,
            upload.DrinkName,
            photo.UploadedAt,
            details?.TakenAt,
            BarsApi.Camera(details),
            details?.Width,
            details?.Height,
            displayUrl,
            thumbnailUrl,
            expiresAt));
    }

    /// <summary>
    /// A visitor reports a photo (202): counted per reason with the note, queued for the moderators, and hidden once it
    /// has reports from <c>Moderation:HideAfterReports</c> distinct reporters, unless a moderator has kept it. Limited per
    /// client like uploads.
    /// </summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> ReportPhoto(
        string uploadId,
        ReportRequest report,
        HttpContext context,
        [AsParameters] ModerationServices services,
        [AsParameters] ReportLimits reportLimits,
        CancellationToken cancellationToken)
    {
        var (uploads, reports, visibility, logger) = services;
        var (clients, reporters, limits, moderation, time) = reportLimits;
        if (report.Reason is not { } reason || !ReportReasons.All.Contains(reason))
        {
            return TypedResults.Problem(Problems.BadRequest($"reason must be one of: {string.Join(", ", ReportReasons.All)}."));
        }

        if (ReportReasons.ValidateNote(report.Note) is { } noteProblem)
        {
            return TypedResults.Problem(Problems.BadRequest(noteProblem));
        }

        // A re-upload shows the earlier photo: the report is about that one.
        var (_, reported) = await uploads.GetWithPhotoOwnerAsync(uploadId, cancellationToken);
        if (reported is not { Status: UploadStatus.Ready })
        {
            return TypedResults.Problem(Problems.NotFound($"There is no photo with id '{uploadId}'."));
        }

        var now = time.GetUtcNow();
        // The reports' counters share the uploads' windows, under their own key.
        var client = clients.Of(context);
        var window = UploadWindow.At($"reports{Tables.KeySeparator}{client}", now, limits.Value.Window, limits.Value.ReportsPerWindow);
        var (outcome, photo) = await reports.ReportAsync(reported.UploadId, reason, report.Note, reporters.Of(client), window, cancellationToken);
        switch (outcome)
        {
            case ReportOutcome.LimitReached:
                context.Response.Headers.RetryAfter = window.SecondsLeft(now).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var tooMany = Problems.TooManyRequests(
                    $"This client may send {window.Limit} reports per {limits.Value.Window.TotalSeconds:F0} seconds. Try again in {window.SecondsLeft(now)} seconds.");
                tooMany.Title = "Too many reports.";
                return TypedResults.Problem(tooMany);
            case ReportOutcome.NotFound:
                return TypedResults.Problem(Problems.NotFound($"There is no photo with id '{uploadId}'."));
        }

        logger.PhotoReported(reported.UploadId, reason, photo!.ReportCount);
        if (photo.ReportCount >= moderation.Value.HideAfterReports && !photo.Kept && !photo.Upload.Hidden)
        {
            await reports.MarkHiddenAsync(reported.UploadId, cancellationToken);
            await visibility.HidePhotoAsync(reported.BarName, reported.DrinkName, reported.UploadId, cancellationToken);
            logger.PhotoHidden(reported.UploadId, reported.BarName, reported.DrinkName, photo.ReportCount);
        }

        return TypedResults.Accepted((string?)null);
    }
}
