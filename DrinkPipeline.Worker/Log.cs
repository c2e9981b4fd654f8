namespace DrinkPipeline.Worker;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Photo {UploadId} at {S3Key} is ready")]
    public static partial void PhotoReady(this ILogger logger, string uploadId, string s3Key);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Object {S3Key} rejected and deleted: {Reason}")]
    public static partial void PhotoRejected(this ILogger logger, string s3Key, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Skipped the S3 test event")]
    public static partial void TestEventSkipped(this ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Dropped malformed message {MessageId}: {Reason}")]
    public static partial void MalformedMessage(this ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Ignored {EventName} for {S3Key} in {Bucket}")]
    public static partial void EventIgnored(this ILogger logger, string eventName, string s3Key, string bucket);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Object {S3Key} is gone or replaced since the event; nothing to do")]
    public static partial void ObjectSuperseded(this ILogger logger, string s3Key);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Message {MessageId} failed on attempt {Attempt} of {MaxAttempts}")]
    public static partial void MessageFailed(this ILogger logger, Exception exception, string messageId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Receiving from the queue failed; retrying in {Delay}")]
    public static partial void ReceiveFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Consuming {QueueUrl}, {Concurrency} messages at a time; messages go to the dead-letter queue after {MaxReceiveCount} receives")]
    public static partial void Consuming(this ILogger logger, string queueUrl, int maxReceiveCount, int concurrency);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Could not read the queue's redrive policy and visibility timeout; assuming {MaxReceiveCount} receives")]
    public static partial void RedrivePolicyUnreadable(this ILogger logger, Exception exception, int maxReceiveCount);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Upload {UploadId} has the same content as photo {DuplicateOf}; kept the earlier one")]
    public static partial void PhotoDuplicate(this ILogger logger, string uploadId, string duplicateOf);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not read the dead-letter queue's depth")]
    public static partial void DeadLetterDepthUnreadable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Dead-letter depth gauge reported by this worker copy: {Reporting}")]
    public static partial void DeadLetterGaugeReporter(this ILogger logger, bool reporting);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Message {MessageId} waited {Waited} for a free slot and could not be kept hidden; left to its next delivery")]
    public static partial void MessageNotKept(this ILogger logger, Exception exception, string messageId, TimeSpan waited);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Could not hand {Count} unstarted messages back to the queue; they return after their visibility timeout")]
    public static partial void MessagesNotReturned(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "{Count} handled messages could not be deleted ({Reason}); they come back and are recorded no second time")]
    public static partial void DeletesFailed(this ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Could not push {Count} upload outcomes to the web copies; their pages see them at their next recheck")]
    public static partial void OutcomesNotPushed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "Web copy {Listener} did not take upload outcomes: {Reason}")]
    public static partial void ListenerUnreachable(this ILogger logger, Uri listener, string reason);

    [LoggerMessage(EventId = 19, Level = LogLevel.Information, Message = "One-off pass {Pass} done: {Summary}")]
    public static partial void PassDone(this ILogger logger, string pass, string summary);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "One-off pass {Pass} failed; it runs again at the next start")]
    public static partial void PassFailed(this ILogger logger, Exception exception, string pass);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Object {S3Key} is the one its upload already accepted; nothing to do")]
    public static partial void ObjectRepeated(this ILogger logger, string s3Key);
}
