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

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Upload {UploadId} reported ({Reason}); {ReportCount} reports")]
    public static partial void PhotoReported(this ILogger logger, string uploadId, string reason, int reportCount);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Upload {UploadId} ({BarName} / {DrinkName}) hidden after {ReportCount} reports until a moderator keeps it")]
    public static partial void PhotoHidden(this ILogger logger, string uploadId, string barName, string drinkName, int reportCount);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Upload {UploadId} ({BarName} / {DrinkName}) kept by a moderator")]
    public static partial void PhotoKept(this ILogger logger, string uploadId, string barName, string drinkName);
}
