namespace DrinkPipeline.Web;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The API did not answer {Method} {Path}; the page shows a message instead")]
    public static partial void ApiUnavailable(this ILogger logger, Exception exception, string method, string? path);
}
