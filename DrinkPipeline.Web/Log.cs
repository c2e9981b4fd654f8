namespace DrinkPipeline.Web;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The API did not answer {Method} {Path}; the page shows a message instead")]
    public static partial void ApiUnavailable(this ILogger logger, Exception exception, string method, string? path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created the first Data Protection key of the shared key ring")]
    public static partial void FirstKeyCreated(this ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Another web copy claimed the first Data Protection key but none appeared within {Wait}; continuing")]
    public static partial void FirstKeyNotSeen(this ILogger logger, TimeSpan wait);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Listening for upload outcomes pushed to {Address}")]
    public static partial void ListeningForOutcomes(this ILogger logger, Uri address);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "This copy's listening address is unknown; upload outcomes reach it by rechecks only")]
    public static partial void NoListenerAddress(this ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Could not renew this copy's place on the outcome listeners")]
    public static partial void ListenerNotRenewed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Could not read upload {UploadId} for its watchers; the next push or recheck reads it again")]
    public static partial void OutcomeReadFailed(this ILogger logger, Exception exception, string uploadId);
}
