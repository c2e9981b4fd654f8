using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

/// <summary>Section <c>Admin</c>: the moderators' key. Without one, moderation is off.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public const string KeyHeader = "X-Admin-Key";

    public string? Key { get; set; }
}

/// <summary>Moderation: for administrators only (the <c>X-Admin-Key</c> header).</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin");
        group.MapDelete("/photos/{uploadId}", DeletePhoto)
            .WithSummary("Removes a photo (moderators: X-Admin-Key)")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>
    /// Deletes an upload's photo: the original and its renditions, its photo record and count, the lookup (which moves
    /// to the drink's newest remaining photo), and its place in the recent feed. The upload ends <c>removed</c>.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePhoto(
        string uploadId,
        [FromHeader(Name = AdminOptions.KeyHeader)] string? presentedKey,
        IOptions<AdminOptions> admin,
        UploadStore uploads,
        DrinkCatalog catalog,
        IAmazonS3 s3,
        IOptions<AwsResourceOptions> resources,
        ILogger<AdminOptions> logger,
        CancellationToken cancellationToken)
    {
        if (admin.Value.Key is not { Length: > 0 } key)
        {
            return TypedResults.Problem(Problems.Forbidden("Moderation is turned off: the API has no Admin:Key."));
        }

        if (presentedKey is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presentedKey), Encoding.UTF8.GetBytes(key)))
        {
            return TypedResults.Problem(Problems.Unauthorized($"Send the administrators' key in the {AdminOptions.KeyHeader} header."));
        }

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
            await catalog.RemovePhotoAsync(upload.BarName, upload.DrinkName, upload.UploadId, cancellationToken);
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = resources.Value.BucketName,
                Objects = [new() { Key = upload.ObjectKey }, new() { Key = ObjectKeys.ThumbnailFor(uploadId) }, new() { Key = ObjectKeys.DisplayFor(uploadId) }],
            }, cancellationToken);
        }

        await uploads.MarkRemovedAsync(uploadId, "Removed by a moderator.", cancellationToken);
        logger.PhotoRemoved(uploadId, upload.BarName, upload.DrinkName);
        return TypedResults.NoContent();
    }
}
