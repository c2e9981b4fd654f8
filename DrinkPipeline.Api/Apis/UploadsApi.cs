using System.Diagnostics;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrinkPipeline.Api.Apis;

public static class UploadsApi
{
    public static RouteGroupBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/uploads");
        group.MapPost("/", CreateUpload)
            .WithSummary("A presigned POST form for one photo")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{uploadId}", GetUpload)
            .WithSummary("An upload's status: pending, ready, rejected (with the reason), failed or removed")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Created<UploadTicket>, ValidationProblem, ProblemHttpResult>> CreateUpload(
        UploadRequest request,
        HttpContext context,
        [AsParameters] PresignServices services,
        CancellationToken cancellationToken)
    {
        var (limiter, clients, urls, watchTokens, metrics, options, time, logger) = services;
        var errors = UploadRequestRules.Validate(request, options.Value.MaxBytes);
        if (errors.Count > 0)
        {
            var detail = string.Join(" ", errors.Values.SelectMany(messages => messages));
            logger.UploadRequestInvalid(detail);
            return TypedResults.ValidationProblem(errors, detail, title: "The upload request is invalid.");
        }

        var barName = request.BarName!;
        var drinkName = request.DrinkName!;
        var contentType = request.ContentType!;
        var contentLength = request.ContentLength!.Value;
        var uploadId = ObjectKeys.NewUploadId();
        var key = ObjectKeys.ForUpload(barName, drinkName, uploadId, ContentTypes.ToExtension(contentType)!);
        var now = time.GetUtcNow();

        var client = clients.Of(context);
        var record = new UploadRecord(uploadId, UploadStatus.Pending, barName, drinkName, key, contentType, contentLength, null, now, now);
        if (await limiter.TryCreateAsync(record, client, cancellationToken) is { Window: var window, RetryAfterSeconds: var wait })
        {
            metrics.UploadRateLimited();
            logger.UploadRateLimited(client, window.Limit, window.Length);
            context.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(Problems.TooManyRequests(
                $"At most {window.Limit} uploads every {window.Length.TotalSeconds:0} seconds from one address. Try again in {wait} seconds."));
        }

        // The worker continues this trace once the object arrives (see PhotoProcessor).
        var post = await urls.ForUploadAsync(key, contentType, contentLength, Activity.Current?.Id);
        logger.UploadPresigned(uploadId, key, contentType, contentLength);
        metrics.UploadRequested(contentType);

        var ticket = new UploadTicket(uploadId, key, post.Url, "POST", new Dictionary<string, string>(), post.Fields, post.ExpiresAt, watchTokens.Issue(uploadId));
        return TypedResults.Created($"/api/uploads/{uploadId}", ticket);
    }

    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> GetUpload(
        string uploadId,
        UploadStore uploads,
        PhotoUrls urls,
        CancellationToken cancellationToken)
    {
        var (record, owner) = await uploads.GetWithPhotoOwnerAsync(uploadId, cancellationToken);
        // A photo hidden while moderators look at it is gone from every public answer, its status (which the web
        // app's status and event stream pass on) included, as from its share link; moderators see it in their queue.
        if (record is null || record.Hidden || owner is { Hidden: true })
        {
            return TypedResults.Problem(Problems.NotFound($"There is no upload with id '{uploadId}'."));
        }

        // A re-upload whose earlier photo a moderator removed is gone with it: it has no photo of its own.
        if (record is { Status: UploadStatus.Ready, DuplicateOf: not null } && owner is { Status: UploadStatus.Removed })
        {
            record = record with { Status = UploadStatus.Removed, Reason = "The earlier photo this upload repeats was removed by a moderator." };
        }

        // A ready upload links its own photo's thumbnail (or the earlier photo's it duplicates), which may not be the
        // drink's newest; never the original, which keeps the uploader's metadata.
        var ready = record.Status == UploadStatus.Ready;
        var thumbnailUrl = ready ? (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(record.DuplicateOf ?? record.UploadId))).Url : null;
        return TypedResults.Ok(new UploadStatusResponse(
            record.UploadId,
            record.Status,
            record.BarName,
            record.DrinkName,
            record.ObjectKey,
            record.Reason,
            record.CreatedAt,
            record.UpdatedAt,
            thumbnailUrl,
            record.DuplicateOf));
    }
}
