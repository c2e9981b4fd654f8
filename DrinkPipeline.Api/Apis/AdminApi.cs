using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

/// <summary>Moderation: for administrators only (the <c>X-Admin-Key</c> header, or a session it opened).</summary>
public static class AdminApi
{
    private const int DefaultQueueLimit = 20;

    private const string QueueScope = "review-queue";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin")
            .AddEndpointFilter<ModeratorsOnlyFilter>()
            .AddOpenApiOperationTransformer(ModeratorsOnlyFilter.DescribeHeaders)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/photos/{uploadId}", DeletePhoto)
            .WithSummary("Removes a photo (moderators: X-Admin-Key)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/photos/{uploadId}/keep", KeepPhoto)
            .WithSummary("Keeps a reported photo: shown again, out of the queue, not hidden by later reports (moderators)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reports", ListReported)
            .WithSummary("Reported photos waiting for a moderator, most recently reported first, in pages (moderators)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/sessions", OpenSession)
            .WithSummary("Opens a moderator session, presented instead of the key until closed or 8 hours (moderators: X-Admin-Key only)");
        group.MapDelete("/sessions/current", CloseSession)
            .WithSummary("Closes the session presented in X-Moderator-Session (sign-out)");
        return group;
    }

    /// <summary>Opens a session; only the key itself does, so a stolen session cannot make itself another.</summary>
    public static async Task<Results<Created<ModeratorSession>, ProblemHttpResult>> OpenSession(
        HttpContext context, ModeratorSessions sessions, CancellationToken cancellationToken)
    {
        if (!ModeratorsOnlyFilter.CameWithTheKey(context))
        {
            return TypedResults.Problem(Problems.Forbidden($"Only the administrators' key ({AdminOptions.KeyHeader}) opens a session."));
        }

        var (token, expiresAt) = await sessions.OpenAsync(cancellationToken);
        return TypedResults.Created("/api/admin/sessions/current", new ModeratorSession(token, expiresAt));
    }

    /// <summary>Closes the presented session at once on every API copy: its cookie, stolen or not, is worth nothing after.</summary>
    public static async Task<NoContent> CloseSession(HttpContext context, ModeratorSessions sessions, CancellationToken cancellationToken)
    {
        await sessions.CloseAsync(context.Request.Headers[ModeratorSession.Header].ToString(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Deletes an upload's photo: the original and its renditions, its photo record and count, the lookup (which moves
    /// to the drink's newest remaining photo), and its place in the recent feed and the review queue. The upload ends
    /// <c>removed</c>; its record stays, so its share link answers 410.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePhoto(
        string uploadId,
        [AsParameters] ModerationServices services,
        IAmazonS3 s3,
        IOptions<AwsResourceOptions> resources,
        CancellationToken cancellationToken)
    {
        var (uploads, _, visibility, logger) = services;
        var upload = ObjectKeys.IsUploadId(uploadId) ? await uploads.GetAsync(uploadId, cancellationToken) : null;
        if (upload is null)
        {
            return TypedResults.Problem(Problems.NotFound($"There is no upload with id '{uploadId}'."));
        }

        if (upload.Status == UploadStatus.Removed)
        {
            return TypedResults.NoContent();
        }

        // A re-upload of the same content has no photo of its own: it points at the earlier one, which stays.
        if (upload.DuplicateOf is null)
        {
            await visibility.RemovePhotoAsync(upload.BarName, upload.DrinkName, upload.UploadId, cancellationToken);
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = resources.Value.BucketName,
                Objects =
                [
                    new() { Key = upload.ObjectKey },
                    new() { Key = ObjectKeys.OriginalFor(uploadId) },
                    new() { Key = ObjectKeys.ThumbnailFor(uploadId) },
                    new() { Key = ObjectKeys.DisplayFor(uploadId) },
                ],
            }, cancellationToken);
        }

        await uploads.MarkRemovedAsync(uploadId, "Removed by a moderator.", cancellationToken);
        logger.PhotoRemoved(uploadId, upload.BarName, upload.DrinkName);
        return TypedResults.NoContent();
    }

    /// <summary>Keeps a reported photo: it is shown again where it was hidden and later reports no longer hide it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> KeepPhoto(
        string uploadId,
        [AsParameters] ModerationServices services,
        CancellationToken cancellationToken)
    {
        var (uploads, reports, visibility, logger) = services;
        var upload = ObjectKeys.IsUploadId(uploadId) ? await uploads.GetAsync(uploadId, cancellationToken) : null;
        if (upload is not { Status: UploadStatus.Ready })
        {
            return TypedResults.Problem(Problems.NotFound($"There is no photo with id '{uploadId}'."));
        }

        await reports.MarkKeptAsync(upload, cancellationToken);
        if (upload.Hidden)
        {
            await visibility.ShowPhotoAsync(upload.BarName, upload.DrinkName, upload.DuplicateOf ?? upload.UploadId, cancellationToken);
        }

        logger.PhotoKept(uploadId, upload.BarName, upload.DrinkName);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ReportedPhotoList>, ProblemHttpResult>> ListReported(
        int? limit,
        string? cursor,
        PhotoReports reports,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!cursors.TryRead(cursor, QueueScope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var page = await reports.ListQueueAsync(Paging.Limit(limit, DefaultQueueLimit), PageCursors.ToKey(position), cancellationToken);
        var photos = new List<ReportedPhotoResponse>(page.Items.Count);
        foreach (var reported in page.Items)
        {
            var upload = reported.Upload;
            photos.Add(new ReportedPhotoResponse(
                upload.UploadId,
                upload.BarName,
                upload.DrinkName,
                (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(upload.DuplicateOf ?? upload.UploadId))).Url,
                reported.ReportCount,
                reported.Reasons,
                reported.Notes,
                reported.LastReportedAt,
                upload.Hidden,
                reported.Kept));
        }

        return TypedResults.Ok(new ReportedPhotoList(photos, Paging.Next(cursors, QueueScope, page.Next)));
    }
}
