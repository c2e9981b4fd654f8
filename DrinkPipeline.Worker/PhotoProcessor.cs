using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Imaging;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DrinkPipeline.Worker;

/// <summary>What became of one S3 event.</summary>
public enum PhotoOutcome
{
    Ready,
    Rejected,
    Ignored,
    Superseded,
    Duplicate,

    /// <summary>The object the upload already accepted, again: a redelivered event, or the same bytes posted again.</summary>
    Repeated,
}

/// <summary>
/// Turns one "object created" event into a photo: checks the object against the upload's declaration and the limits
/// (the emulator does not enforce presigned POST policies, so this is where they hold), then records it.
/// </summary>
public sealed class PhotoProcessor(
    IAmazonS3 s3,
    UploadStore uploads,
    PhotoRecorder recorder,
    IOptions<AwsResourceOptions> resources,
    IOptions<UploadOptions> limits,
    IOptions<ImagingOptions> imaging,
    PipelineMetrics metrics,
    UploadOutcomePublisher outcomes,
    TimeProvider time,
    ILogger<PhotoProcessor> logger)
{
    public async Task<PhotoOutcome> ProcessAsync(S3ObjectEvent objectEvent, CancellationToken cancellationToken)
    {
        var bucket = resources.Value.BucketName;
        if (!objectEvent.EventName.StartsWith("ObjectCreated", StringComparison.Ordinal) || objectEvent.Bucket != bucket ||
            !objectEvent.Key.StartsWith(ObjectKeys.UploadPrefix, StringComparison.Ordinal))
        {
            logger.EventIgnored(objectEvent.EventName, objectEvent.Key, objectEvent.Bucket);
            return PhotoOutcome.Ignored;
        }

        // One GET does what a HEAD and a GET did: its headers (size, type, ETag, the trace to join) are checked before
        // a byte of the body is read, and a body that fails them is never downloaded. If-Match on the event's ETag
        // keeps headers and body of the same object. The headers name the trace, so the request is sent before the
        // span starts, untraced.
        GetObjectResponse? stored;
        using (SuppressInstrumentationScope.Begin())
        {
            stored = await OpenAsync(bucket, objectEvent.Key, objectEvent.ETag, cancellationToken);
        }

        using var storedObject = stored;

        // A parent, not a link: this span is the upload's own continuation (one photo, one record), and the dashboard
        // then shows presign → processing → ready as one trace.
        using var activity = PipelineMetrics.ActivitySource.StartActivity("process photo", ActivityKind.Consumer, TraceParentOf(stored));
        activity?.SetTag("aws.s3.key", objectEvent.Key);
        metrics.QueueLag(time.GetUtcNow() - objectEvent.EventTime);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A missing object was rejected or deleted already; a different ETag means it was replaced and the newer
            // object's own event will be processed. Either way this event has nothing left to do.
            PhotoOutcome outcome;
            if (stored is null || (objectEvent.ETag is { } eventETag && Unquote(stored.ETag) != Unquote(eventETag)))
            {
                logger.ObjectSuperseded(objectEvent.Key);
                outcome = PhotoOutcome.Superseded;
            }
            else
            {
                outcome = await ProcessObjectAsync(objectEvent, stored, cancellationToken);
            }

            activity?.SetTag("drinkpipeline.outcome", outcome.ToString());
            metrics.ProcessingTook(Stopwatch.GetElapsedTime(started), outcome.ToString());
            return outcome;
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error);
            metrics.ProcessingTook(Stopwatch.GetElapsedTime(started), "Error");
            throw;
        }
    }

    private static ActivityContext TraceParentOf(GetObjectResponse? stored) =>
        stored?.Metadata[ObjectKeys.TraceParentMetadata] is { } traceParent &&
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var context)
            ? context
            : default;

    private async Task<PhotoOutcome> ProcessObjectAsync(S3ObjectEvent objectEvent, GetObjectResponse stored, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.TryParseUpload(objectEvent.Key, out var uploadKey))
        {
            return await RejectAsync(objectEvent.Key, null, "layout",
                $"The object key does not follow {ObjectKeys.UploadPrefix}{{bar}}/{{drink}}/{{uploadId}}.{{ext}}.", cancellationToken);
        }

        // The upload as its object says it is. Its record is not read: every write to it is conditional on the record
        // naming this object (or on there being none: any S3 client may write a well-formed key), see UploadStore.
        var keyContentType = ContentTypes.FromExtension(uploadKey.Extension)!;
        var now = time.GetUtcNow();
        var upload = new UploadRecord(uploadKey.UploadId, UploadStatus.Pending, uploadKey.BarName, uploadKey.DrinkName,
            objectEvent.Key, keyContentType, null, null, now, now, ObjectETag: Unquote(stored.ETag));
        var issuedAt = ObjectKeys.IssuedAt(uploadKey.UploadId) ?? objectEvent.EventTime;

        if (CheckDeclaration(stored, uploadKey, keyContentType) is { } declarationProblem)
        {
            return await RejectAsync(objectEvent.Key, upload, declarationProblem.Category, declarationProblem.Reason, cancellationToken);
        }

        var content = await ReadBodyAsync(stored, cancellationToken);
        var result = PhotoImaging.Process(content, keyContentType, imaging.Value.Limits);
        if (result is ImageResult.Rejected rejected)
        {
            return await RejectAsync(objectEvent.Key, upload, rejected.Category, rejected.Reason, cancellationToken);
        }

        var (metadata, thumbnail, display) = (ImageResult.Accepted)result;
        var same = await recorder.FindSameContentAsync(uploadKey.BarName, uploadKey.DrinkName, metadata.Sha256, cancellationToken);
        if (same is not null && same.UploadId != uploadKey.UploadId)
        {
            // Same bytes, same drink: the earlier photo stands and this upload points at it.
            if (!await uploads.MarkReadyAsync(upload, same, cancellationToken))
            {
                return await NotAcceptedAsync(upload, cancellationToken);
            }

            await s3.DeleteObjectAsync(resources.Value.BucketName, objectEvent.Key, cancellationToken);
            outcomes.Publish(uploadKey.UploadId, UploadStatus.Ready);
            metrics.PhotoDuplicate();
            metrics.UploadBecameReady(time.GetUtcNow() - issuedAt);
            logger.PhotoDuplicate(uploadKey.UploadId, same.UploadId);
            return PhotoOutcome.Duplicate;
        }

        // Written before the record is claimed, so "ready" is never seen before its renditions; each only if absent, so
        // an object that loses the claim below never replaces what the upload's accepted object wrote.
        var written = new List<string>(3);
        await StoreOnceAsync(written, ObjectKeys.OriginalFor(uploadKey.UploadId), content, keyContentType, cacheControl: null, cancellationToken);
        await StoreOnceAsync(written, ObjectKeys.ThumbnailFor(uploadKey.UploadId), thumbnail.Content, Derivative.ContentType, RenditionCaching, cancellationToken);
        await StoreOnceAsync(written, ObjectKeys.DisplayFor(uploadKey.UploadId), display.Content, Derivative.ContentType, RenditionCaching, cancellationToken);
        var recorded = await recorder.RecordPhotoAsync(
            new PhotoRecord(
                uploadKey.BarName,
                uploadKey.DrinkName,
                objectEvent.Key,
                uploadKey.UploadId,
                keyContentType,
                stored.ContentLength,
                objectEvent.EventTime,
                stored.LastModified ?? objectEvent.EventTime,
                Unquote(stored.ETag),
                new PhotoDetails(
                    metadata.Width,
                    metadata.Height,
                    metadata.Sha256,
                    metadata.TakenAt,
                    metadata.CameraMake,
                    metadata.CameraModel,
                    metadata.Location?.Latitude,
                    metadata.Location?.Longitude)),
            uploads.ReadyChange(upload),
            cancellationToken);
        if (!recorded)
        {
            // Nothing was recorded; what this object wrote was written for nothing (the price of not reading the record
            // first, paid only by an object the upload does not accept).
            foreach (var key in written)
            {
                await s3.DeleteObjectAsync(resources.Value.BucketName, key, cancellationToken);
            }

            return await NotAcceptedAsync(upload, cancellationToken);
        }

        outcomes.Publish(uploadKey.UploadId, UploadStatus.Ready);
        metrics.PhotoProcessed();
        metrics.UploadBecameReady(time.GetUtcNow() - issuedAt);
        logger.PhotoReady(uploadKey.UploadId, objectEvent.Key);
        return PhotoOutcome.Ready;
    }

    /// <summary>
    /// What the object's headers must agree with before its bytes are read: the limit, the size declared in its signed
    /// metadata, and the type its key was issued for.
    /// </summary>
    private (string Category, string Reason)? CheckDeclaration(GetObjectResponse head, UploadKey uploadKey, string keyContentType)
    {
        var size = head.ContentLength;
        if (size <= 0)
        {
            return ("empty", "The file is empty.");
        }

        if (size > limits.Value.MaxBytes)
        {
            return ("too-large", $"The file is {size} bytes; the limit is {limits.Value.MaxBytes} bytes.");
        }

        if (head.Metadata[ObjectKeys.DeclaredLengthMetadata] is { } declaredText &&
            long.TryParse(declaredText, System.Globalization.CultureInfo.InvariantCulture, out var declared) && declared != size)
        {
            return ("size-mismatch", $"The file is {size} bytes but {declared} bytes were declared.");
        }

        var storedType = head.Headers.ContentType;
        if (storedType != keyContentType)
        {
            return ("type-mismatch",
                $"The file was stored as '{storedType}' but the upload declared '{keyContentType}' ({uploadKey.Extension}).");
        }

        return null;
    }

    private async Task<PhotoOutcome> RejectAsync(string key, UploadRecord? upload, string category, string reason, CancellationToken cancellationToken)
    {
        if (upload is not null)
        {
            await uploads.MarkRejectedAsync(upload, reason, cancellationToken);
            outcomes.Publish(upload.UploadId, UploadStatus.Rejected);
        }

        await s3.DeleteObjectAsync(resources.Value.BucketName, key, cancellationToken);
        metrics.PhotoRejected(category);
        logger.PhotoRejected(key, reason);
        return PhotoOutcome.Rejected;
    }

    /// <summary>
    /// An object its upload's record did not take (read only now, on this rare path). The object the upload accepted,
    /// again, changes nothing. Any other is deleted without touching the upload: its id was issued for another key, or
    /// the upload has ended, and a presigned form posted again must not replace, restore or reject its photo.
    /// </summary>
    private async Task<PhotoOutcome> NotAcceptedAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        var record = await uploads.GetAsync(upload.UploadId, cancellationToken);
        switch (record)
        {
            case { Status: UploadStatus.Ready } when record.ObjectETag == upload.ObjectETag:
                logger.ObjectRepeated(upload.ObjectKey);
                return PhotoOutcome.Repeated;
            case { Status: UploadStatus.Ready, ObjectETag: null }:
                // Made ready before originals were kept apart: this key may still hold its only original, which the
                // kept-originals pass copies. Left as it is.
                logger.ObjectSuperseded(upload.ObjectKey);
                return PhotoOutcome.Superseded;
            case { Status: UploadStatus.Pending or UploadStatus.Failed }:
                return await RejectAsync(upload.ObjectKey, null, "layout", "The object key does not match the key issued for this upload.", cancellationToken);
            default:
                return await RejectAsync(upload.ObjectKey, null, "replay",
                    $"Upload {upload.UploadId} has already ended ({record?.Status}); it accepts no second object.", cancellationToken);
        }
    }

    /// <summary>The object's response, headers read and body not yet; null when it is gone or was replaced.</summary>
    private async Task<GetObjectResponse?> OpenAsync(string bucket, string key, string? eventETag, CancellationToken cancellationToken)
    {
        try
        {
            return await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, EtagToMatch = eventETag }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    /// <summary>Reads the whole body; its size was checked against the limit from the headers first.</summary>
    private static async Task<byte[]> ReadBodyAsync(GetObjectResponse stored, CancellationToken cancellationToken)
    {
        var buffer = new byte[stored.ContentLength];
        await stored.ResponseStream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>A rendition never changes once written: its key is its upload's, and only the first object writes it.</summary>
    private const string RenditionCaching = "public, max-age=31536000, immutable";

    /// <summary>
    /// Writes <paramref name="key"/> unless it exists (S3's conditional write, If-None-Match: *), adding it to
    /// <paramref name="written"/> when this call wrote it. An existing object is the work of an earlier delivery of
    /// the accepted object, or belongs to it: either way it stays.
    /// </summary>
    private async Task StoreOnceAsync(List<string> written, string key, byte[] content, string contentType, string? cacheControl, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = resources.Value.BucketName,
            Key = key,
            InputStream = new MemoryStream(content, writable: false),
            ContentType = contentType,
            IfNoneMatch = "*",
        };
        request.Headers.CacheControl = cacheControl;
        try
        {
            await s3.PutObjectAsync(request, cancellationToken);
            written.Add(key);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.Conflict)
        {
            // 412: it exists. 409: another write of the same key is in flight, which S3 settles for one of them.
        }
    }

    private static string Unquote(string? etag) => etag?.Trim('"') ?? "";
}
