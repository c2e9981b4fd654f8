using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>
/// What IAM checks for a request: its operation, read from the request as each protocol names it (S3's method and
/// path, the JSON APIs' X-Amz-Target, the Query APIs' Action), mapped to actions and resource ARNs. An operation is its
/// own action unless AWS documents otherwise; those exceptions are listed here with where AWS says so. Anything not
/// understood is reported, never passed.
/// </summary>
public static partial class AwsRequestPermissions
{
    /// <summary>The permissions <paramref name="request"/> needs, or why it could not be read.</summary>
    public static (IReadOnlyList<RequiredPermission> Permissions, string? Unreadable) For(RecordedRequest request, string region, string account)
    {
        try
        {
            return (Read(request, region, account), null);
        }
        catch (NotSupportedException exception)
        {
            return ([], exception.Message);
        }
    }

    private static List<RequiredPermission> Read(RecordedRequest request, string region, string account)
    {
        // CloudWatch's OTLP endpoints are authorised as the APIs they feed ("OTLP endpoints" in the CloudWatch guide):
        // traces as xray:PutTraceSegments (no resource-level permission), logs as logs:PutLogEvents on the stream.
        if (request.Path == "/v1/traces")
        {
            return [RequiredPermission.Of("xray:PutTraceSegments", "*", "OTLP traces")];
        }

        if (request.Path == "/v1/logs")
        {
            var group = request.Headers.GetValueOrDefault("HTTP_X_AWS_LOG_GROUP");
            var stream = request.Headers.GetValueOrDefault("HTTP_X_AWS_LOG_STREAM");
            return [RequiredPermission.Of("logs:PutLogEvents", $"arn:aws:logs:{region}:{account}:log-group:{group}:log-stream:{stream}", "OTLP logs")];
        }

        return request.Service switch
        {
            "s3" => S3(request),
            "dynamodb" => DynamoDb(request, region, account),
            "sqs" => Sqs(request, region, account),
            "monitoring" => CloudWatch(request),
            _ => throw new NotSupportedException($"no IAM mapping for service '{request.Service}'"),
        };
    }

    private static readonly HashSet<string> ListParameters =
        ["list-type", "prefix", "delimiter", "continuation-token", "max-keys", "start-after", "encoding-type", "fetch-owner"];

    private static List<RequiredPermission> S3(RecordedRequest request)
    {
        var path = Uri.UnescapeDataString(request.Path.TrimStart('/'));
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 || slash == path.Length - 1 ? null : path[(slash + 1)..];
        var query = HttpUtility.ParseQueryString(request.Query);
        // Each parameter's name ("delete" of "?delete" too, which ParseQueryString keeps as a value).
        var subresources = request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(parameter => Uri.UnescapeDataString(parameter.Split('=', 2)[0]))
            .Where(name => !name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("response-", StringComparison.Ordinal) && name != "x-id")
            .ToList();
        var bucketArn = $"arn:aws:s3:::{bucket}";
        string ObjectArn(string name) => $"{bucketArn}/{name}";

        switch (request.Method, key, subresources)
        {
            case ("GET", not null, []):
                return [RequiredPermission.Of("s3:GetObject", ObjectArn(key), "GetObject"), .. MissingObject(request, bucketArn)];
            // HeadObject is authorised as s3:GetObject (S3 API reference, HeadObject, "Permissions").
            case ("HEAD", not null, []):
                return [RequiredPermission.Of("s3:GetObject", ObjectArn(key), "HeadObject"), .. MissingObject(request, bucketArn)];
            // CopyObject: s3:GetObject on the source and s3:PutObject on the destination (S3 API reference, CopyObject).
            case ("PUT", not null, []) when request.Headers.GetValueOrDefault("HTTP_X_AMZ_COPY_SOURCE") is { } source:
                var from = Uri.UnescapeDataString(source.TrimStart('/'));
                return
                [
                    RequiredPermission.Of("s3:PutObject", ObjectArn(key), "CopyObject"),
                    RequiredPermission.Of("s3:GetObject", $"arn:aws:s3:::{from.Split('?')[0]}", "CopyObject (source)"),
                ];
            case ("PUT", not null, []):
                return [RequiredPermission.Of("s3:PutObject", ObjectArn(key), "PutObject")];
            case ("DELETE", not null, []):
                return [RequiredPermission.Of("s3:DeleteObject", ObjectArn(key), "DeleteObject")];
            // ListObjectsV2 is authorised as s3:ListBucket, with the prefix as s3:prefix (S3 API reference, ListObjectsV2).
            case ("GET", null, _) when query["list-type"] == "2" && subresources.All(ListParameters.Contains):
                return [query["prefix"] is { } prefix
                    ? RequiredPermission.Of("s3:ListBucket", bucketArn, "ListObjectsV2", ("s3:prefix", prefix))
                    : RequiredPermission.Of("s3:ListBucket", bucketArn, "ListObjectsV2")];
            // A browser's presigned POST form: S3 checks s3:PutObject for the form's key against the form's signer.
            case ("POST", null, []) when request.Form?.GetValueOrDefault("key") is { } formKey:
                return [RequiredPermission.Of("s3:PutObject", ObjectArn(formKey), "presigned POST")];
            // DeleteObjects is authorised as s3:DeleteObject for each key (S3 API reference, DeleteObjects).
            case ("POST", null, ["delete"]):
                return [.. DeletedKeys().Matches(request.Body ?? "").Select(match =>
                    RequiredPermission.Of("s3:DeleteObject", ObjectArn(HttpUtility.HtmlDecode(match.Groups[1].Value)), "DeleteObjects"))];
            default:
                throw new NotSupportedException($"no IAM mapping for the S3 request {request}");
        }
    }

    /// <summary>
    /// A missing key answers 404 only to a caller allowed s3:ListBucket on the bucket; any other caller gets 403 Access
    /// Denied (S3 API reference, GetObject and HeadObject, "Permissions"). The request carries no prefix, so a
    /// ListBucket grant that tests s3:prefix does not count.
    /// </summary>
    private static IEnumerable<RequiredPermission> MissingObject(RecordedRequest request, string bucketArn) =>
        request.Status == 404 ? [RequiredPermission.Of("s3:ListBucket", bucketArn, "a missing key answers 404, not 403")] : [];

    private static List<RequiredPermission> DynamoDb(RecordedRequest request, string region, string account)
    {
        var operation = Operation(request.Target, "DynamoDB_20120810.");
        var body = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        string TableArn(string table) => $"arn:aws:dynamodb:{region}:{account}:table/{table}";

        switch (operation)
        {
            // Transactions have no action of their own: each item is authorised as its own action (DynamoDB developer
            // guide, "Using IAM with DynamoDB transactions").
            case "TransactWriteItems":
                return [.. body["TransactItems"]!.AsArray().Select(item =>
                {
                    var (kind, detail) = item!.AsObject().Single();
                    var action = kind switch
                    {
                        "Put" => "PutItem",
                        "Update" => "UpdateItem",
                        "Delete" => "DeleteItem",
                        "ConditionCheck" => "ConditionCheckItem",
                        _ => throw new NotSupportedException($"unknown transaction item '{kind}'"),
                    };
                    return RequiredPermission.Of($"dynamodb:{action}", TableArn(detail!["TableName"]!.GetValue<string>()), $"TransactWriteItems ({kind})");
                })];
            case "TransactGetItems":
                return [.. body["TransactItems"]!.AsArray().Select(item =>
                    RequiredPermission.Of("dynamodb:GetItem", TableArn(item!["Get"]!["TableName"]!.GetValue<string>()), "TransactGetItems"))];
            case "BatchGetItem" or "BatchWriteItem":
                return [.. body["RequestItems"]!.AsObject().Select(table =>
                    RequiredPermission.Of($"dynamodb:{operation}", TableArn(table.Key), operation))];
            case "ListTables":
                return [RequiredPermission.Of("dynamodb:ListTables", "*", operation)];
            default:
                var tableName = body["TableName"]?.GetValue<string>() ?? throw new NotSupportedException($"no table in the DynamoDB request {request}");
                var resource = body["IndexName"]?.GetValue<string>() is { } index ? $"{TableArn(tableName)}/index/{index}" : TableArn(tableName);
                return [RequiredPermission.Of($"dynamodb:{operation}", resource, operation)];
        }
    }

    private static List<RequiredPermission> Sqs(RecordedRequest request, string region, string account)
    {
        var operation = Operation(request.Target, "AmazonSQS.");
        var body = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        var queue = body["QueueUrl"]?.GetValue<string>() is { } url
            ? url.TrimEnd('/')[(url.TrimEnd('/').LastIndexOf('/') + 1)..]
            : body["QueueName"]?.GetValue<string>() ?? throw new NotSupportedException($"no queue in the SQS request {request}");
        // A batch is authorised as its single-message action (SQS developer guide, "Amazon SQS API permissions").
        var action = operation switch
        {
            "DeleteMessageBatch" => "DeleteMessage",
            "ChangeMessageVisibilityBatch" => "ChangeMessageVisibility",
            "SendMessageBatch" => "SendMessage",
            _ => operation,
        };
        return [RequiredPermission.Of($"sqs:{action}", $"arn:aws:sqs:{region}:{account}:{queue}", operation)];
    }

    private static List<RequiredPermission> CloudWatch(RecordedRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body ?? "");
        var operation = form["Action"] ?? throw new NotSupportedException($"no Action in the CloudWatch request {request}");
        // PutMetricData has no resource-level permission; its namespace is the condition key cloudwatch:namespace.
        return operation == "PutMetricData"
            ? [RequiredPermission.Of("cloudwatch:PutMetricData", "*", operation, ("cloudwatch:namespace", form["Namespace"] ?? ""))]
            : throw new NotSupportedException($"no IAM mapping for CloudWatch's {operation}");
    }

    private static string Operation(string? target, string prefix) =>
        target is not null && target.StartsWith(prefix, StringComparison.Ordinal)
            ? target[prefix.Length..]
            : throw new NotSupportedException($"unexpected X-Amz-Target '{target}'");

    [GeneratedRegex("<Key>([^<]*)</Key>")]
    private static partial Regex DeletedKeys();
}
