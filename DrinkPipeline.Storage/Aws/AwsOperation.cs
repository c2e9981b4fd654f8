using System.Net.Http.Headers;

namespace DrinkPipeline.Aws;

/// <summary>
/// Names the AWS operation an SDK request makes, for the attempts metric: requests per photo are counted by service and
/// operation (docs/scaling.md). JSON protocols (DynamoDB, SQS) say it in X-Amz-Target; S3 by method and query.
/// </summary>
public static class AwsOperation
{
    /// <summary>The operation's name; <c>pathStyle</c> is S3 addressed as <c>/bucket/key</c> (the emulator) rather than by virtual host.</summary>
    public static string Of(string service, bool pathStyle, HttpMethod method, Uri? uri, HttpRequestHeaders headers)
    {
        if (headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            // "DynamoDB_20120810.PutItem", "AmazonSQS.ReceiveMessage"
            var dot = target.LastIndexOf('.');
            return dot >= 0 ? target[(dot + 1)..] : target;
        }

        return service == "s3" ? S3Operation(pathStyle, method, uri) : "other";
    }

    private static string S3Operation(bool pathStyle, HttpMethod method, Uri? uri)
    {
        var query = uri?.Query ?? "";
        var path = uri?.AbsolutePath.Trim('/') ?? "";
        var hasKey = pathStyle ? path.Contains('/', StringComparison.Ordinal) : path.Length > 0;
        return (method.Method, hasKey) switch
        {
            ("GET", false) when query.Contains("list-type=2", StringComparison.Ordinal) => "ListObjectsV2",
            ("GET", false) => "ListObjects",
            ("POST", false) when query.Contains("delete", StringComparison.Ordinal) => "DeleteObjects",
            ("GET", true) => "GetObject",
            ("HEAD", true) => "HeadObject",
            ("PUT", true) => "PutObject",
            ("DELETE", true) => "DeleteObject",
            ("HEAD", false) => "HeadBucket",
            _ => $"{method.Method}{(hasKey ? "Object" : "Bucket")}",
        };
    }
}
