using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>
/// The audit's model of IAM, on hand-made requests and the real template: what it must refuse, so that its passing
/// means something. Starts nothing.
/// </summary>
public class IamModelTests
{
    private const string Bucket = "photos";

    private static readonly StackNames Stack = new("drink-pipeline", AwsCallAudit.Region, AwsCallAudit.Account, new Dictionary<string, string>
    {
        ["PhotoBucket"] = Bucket,
        ["UploadsTable"] = "uploads",
        ["PhotosTable"] = "photos",
        ["DrinksTable"] = "drinks",
        ["BarsTable"] = "bars",
        ["SearchWordsTable"] = "search-words",
        ["CoordinationTable"] = "coordination",
        ["PhotoQueue"] = "https://sqs.us-east-1.amazonaws.com/123456789012/photo-events",
        ["PhotoDeadLetterQueue"] = "https://sqs.us-east-1.amazonaws.com/123456789012/photo-events-dlq",
        ["PipelineLogGroup"] = "/drink-pipeline/drink-pipeline",
        ["TelemetryWritePolicy"] = "arn:aws:iam::123456789012:policy/telemetry",
    });

    private static readonly CloudFormationTemplate Template = StackTemplate.Loaded;

    private static readonly IamActionData Data = IamActionData.Shared;

    [Fact]
    public void AMissingKeyNeedsListBucketOnTheBucketWhichAPrefixConditionDoesNotGive()
    {
        var permissions = Permissions(S3("GET", $"/{Bucket}/uploads/a/b/c.jpg", status: 404));

        Assert.Equal(["s3:GetObject", "s3:ListBucket"], permissions.Select(permission => permission.Action));
        var listing = permissions[1];
        Assert.Empty(listing.Context);
        var heldToPrefix = Policy(new PolicyStatement("Role", 1, true, ["s3:ListBucket"], [$"arn:aws:s3:::{Bucket}"],
            [("StringLike", "s3:prefix", ["listeners/*"])]));
        Assert.Empty(PolicyEvaluation.Granting(heldToPrefix, listing));
        Assert.NotEmpty(PolicyEvaluation.Granting(heldToPrefix, Permissions(S3("GET", $"/{Bucket}/", "list-type=2&prefix=listeners%2Fx%2F"))[0]));
    }

    [Fact]
    public void ATransactionIsAuthorisedItemByItem()
    {
        var request = Json("dynamodb", "DynamoDB_20120810.TransactWriteItems", """
            {"TransactItems":[{"Put":{"TableName":"photos","Item":{}}},{"Update":{"TableName":"drinks","Key":{}}},{"ConditionCheck":{"TableName":"uploads","Key":{}}}]}
            """);

        Assert.Equal(
            ["dynamodb:PutItem on arn:aws:dynamodb:us-east-1:123456789012:table/photos", "dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:123456789012:table/drinks", "dynamodb:ConditionCheckItem on arn:aws:dynamodb:us-east-1:123456789012:table/uploads"],
            Permissions(request).Select(permission => $"{permission.Action} on {permission.Resource}"));
    }

    [Fact]
    public void AnSqsBatchIsItsSingleMessageAction()
    {
        var permission = Assert.Single(Permissions(Json("sqs", "AmazonSQS.DeleteMessageBatch",
            """{"QueueUrl":"http://127.0.0.1:4566/123456789012/photo-events","Entries":[]}""")));

        Assert.Equal(("sqs:DeleteMessage", "arn:aws:sqs:us-east-1:123456789012:photo-events"), (permission.Action, permission.Resource));
        Assert.Null(Data.Contradiction(permission));
    }

    [Fact]
    public void AwsDataRefusesAnUnknownActionAResourceOfAnotherTypeAndAForeignConditionKey()
    {
        Assert.Contains("not an IAM action", Data.Contradiction(RequiredPermission.Of("sqs:DeleteMessageBatch", "arn:aws:sqs:us-east-1:1:q", "test")));
        Assert.Contains("does not apply", Data.Contradiction(RequiredPermission.Of("s3:GetObject", $"arn:aws:s3:::{Bucket}", "test")));
        Assert.Contains("no condition key", Data.Contradiction(RequiredPermission.Of("s3:GetObject", $"arn:aws:s3:::{Bucket}/k", "test", ("s3:prefix", "k"))));
        Assert.Null(Data.Contradiction(RequiredPermission.Of("dynamodb:Query", "arn:aws:dynamodb:us-east-1:1:table/t/index/i", "test")));
    }

    [Fact]
    public void TheWorkerRoleMayReadUploadsAndLearnAKeyIsMissingButNotReadRenditionsOrOriginals()
    {
        var worker = RolePolicy.Read(Template, "WorkerRole", Stack);

        Assert.All(Permissions(S3("GET", $"/{Bucket}/uploads/a/b/c.jpg", status: 404)), permission => Assert.NotEmpty(PolicyEvaluation.Granting(worker, permission)));
        Assert.Empty(PolicyEvaluation.Granting(worker, Permissions(S3("GET", $"/{Bucket}/derived/a/b/c.jpg"))[0]));
        Assert.Empty(PolicyEvaluation.Granting(worker, Permissions(S3("GET", $"/{Bucket}/originals/a/b/c.jpg"))[0]));
    }

    [Fact]
    public void MetricsAreGrantedInThePipelineNamespaceOnly()
    {
        var api = RolePolicy.Read(Template, "ApiRole", Stack);
        RequiredPermission Put(string space) => Assert.Single(Permissions(Json("monitoring", null, $"Action=PutMetricData&Version=2010-08-01&Namespace={space}")));

        Assert.NotEmpty(PolicyEvaluation.Granting(api, Put("DrinkPipeline")));
        Assert.Empty(PolicyEvaluation.Granting(api, Put("Other")));
        Assert.Empty(PolicyEvaluation.Granting(RolePolicy.Read(Template, "WebRole", Stack), Put("DrinkPipeline")));
    }

    private static RolePolicy Policy(params PolicyStatement[] statements) => RolePolicy.Of("Role", statements);

    private static IReadOnlyList<RequiredPermission> Permissions(RecordedRequest request)
    {
        var (permissions, unreadable) = AwsRequestPermissions.For(request, AwsCallAudit.Region, AwsCallAudit.Account);
        Assert.Null(unreadable);
        return permissions;
    }

    private static RecordedRequest S3(string method, string path, string query = "", int status = 200) =>
        new(method, path, query, "AKIA", "s3", new Dictionary<string, string>(), null, null, status, null);

    private static RecordedRequest Json(string service, string? target, string body) =>
        new("POST", "/", "", "AKIA", service, target is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["HTTP_X_AMZ_TARGET"] = target }, null, body, 200, null);
}
