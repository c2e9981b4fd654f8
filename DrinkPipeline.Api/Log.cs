namespace DrinkPipeline.Api;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Upload {UploadId} presigned for {S3Key} ({ContentType}, {ContentLength} bytes)")]
    public static partial void UploadPresigned(this ILogger logger, string uploadId, string s3Key, string contentType, long contentLength);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Upload request rejected: {Problems}")]
    public static partial void UploadRequestInvalid(this ILogger logger, string problems);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Upload request from {Client} refused: more than {Limit} in {Window}")]
    public static partial void UploadRateLimited(this ILogger logger, string client, int limit, TimeSpan window);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Upload {UploadId} ({BarName} / {DrinkName}) removed by a moderator")]
    public static partial void PhotoRemoved(this ILogger logger, string uploadId, string barName, string drinkName);
}
