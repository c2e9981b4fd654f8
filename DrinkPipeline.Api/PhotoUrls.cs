using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>A browser upload form: POST <see cref="Url"/> as multipart with <see cref="Fields"/> then the file.</summary>
public sealed record PresignedPost(string Url, IReadOnlyDictionary<string, string> Fields, DateTimeOffset ExpiresAt);

/// <summary>Short-lived, single-key S3 URLs for uploading and viewing photos.</summary>
public sealed class PhotoUrls(
    IAmazonS3 s3,
    IOptions<AwsResourceOptions> resources,
    IOptions<UploadOptions> options,
    TimeProvider time)
{
    // The emulator listens on plain HTTP; presigned URLs must use the scheme of the endpoint.
    private Protocol Protocol => s3.Config.ServiceURL?.StartsWith("http:", StringComparison.OrdinalIgnoreCase) == true
        ? Protocol.HTTP
        : Protocol.HTTPS;

    /// <summary>
    /// A POST policy bound to exactly one key (the SDK adds the key condition), one content type and exactly the declared size. S3 enforces the policy;
    /// the emulator does not, so the worker checks size and type again, the declared size from the object's metadata.
    /// </summary>
    public async Task<PresignedPost> ForUploadAsync(string key, string contentType, long contentLength, string? traceParent)
    {
        var expiresAt = time.GetUtcNow().Add(options.Value.PresignedPostLifetime);
        var declaredLength = "x-amz-meta-" + ObjectKeys.DeclaredLengthMetadata;
        var declaredLengthText = contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string> { ["Content-Type"] = contentType, [declaredLength] = declaredLengthText };
        var conditions = new List<S3PostCondition>
        {
            S3PostCondition.ExactMatch("Content-Type", contentType),
            S3PostCondition.ContentLengthRange(contentLength, contentLength),
            S3PostCondition.ExactMatch(declaredLength, declaredLengthText),
        };
        if (traceParent is not null)
        {
            // Signed like the rest of the form, so the object carries exactly this trace context to the worker.
            var field = "x-amz-meta-" + ObjectKeys.TraceParentMetadata;
            fields[field] = traceParent;
            conditions.Add(S3PostCondition.ExactMatch(field, traceParent));
        }

        var response = await s3.CreatePresignedPostAsync(new CreatePresignedPostRequest
        {
            BucketName = resources.Value.BucketName,
            Key = key,
            Expires = expiresAt.UtcDateTime,
            Fields = fields,
            Conditions = conditions,
        });

        var url = response.Url;
        if (Protocol == Protocol.HTTP && url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            url = "http:" + url["https:".Length..];
        }

        return new PresignedPost(url, response.Fields, expiresAt);
    }

    public async Task<(string Url, DateTimeOffset ExpiresAt)> ForViewingAsync(string key)
    {
        var expiresAt = time.GetUtcNow().Add(options.Value.ImageUrlLifetime);
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = resources.Value.BucketName,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = Protocol,
        });
        return (url, expiresAt);
    }
}
