using DrinkPipeline.Aws;

namespace DrinkPipeline.UnitTests.Aws;

public class AwsOperationTests
{
    [Theory]
    [InlineData("DynamoDB_20120810.TransactWriteItems", "TransactWriteItems")]
    [InlineData("AmazonSQS.ReceiveMessage", "ReceiveMessage")]
    public void JsonProtocolRequestsAreNamedByTheirTarget(string target, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/");
        request.Headers.Add("X-Amz-Target", target);

        Assert.Equal(expected, AwsOperation.Of("dynamodb", pathStyle: true, request.Method, request.RequestUri, request.Headers));
    }

    [Theory]
    [InlineData(true, "GET", "http://127.0.0.1:4566/bucket/uploads/a/b/c.jpg", "GetObject")]
    [InlineData(true, "HEAD", "http://127.0.0.1:4566/bucket/uploads/a.jpg", "HeadObject")]
    [InlineData(true, "PUT", "http://127.0.0.1:4566/bucket/derived/x/thumb.webp", "PutObject")]
    [InlineData(true, "GET", "http://127.0.0.1:4566/bucket?list-type=2&prefix=data-protection%2F", "ListObjectsV2")]
    [InlineData(true, "POST", "http://127.0.0.1:4566/bucket?delete", "DeleteObjects")]
    [InlineData(false, "GET", "https://bucket.s3.us-east-1.amazonaws.com/uploads/a.jpg", "GetObject")]
    [InlineData(false, "DELETE", "https://bucket.s3.us-east-1.amazonaws.com/uploads/a.jpg", "DeleteObject")]
    [InlineData(false, "GET", "https://bucket.s3.us-east-1.amazonaws.com/?list-type=2", "ListObjectsV2")]
    public void S3RequestsAreNamedByMethodAndWhetherTheyNameAnObject(bool pathStyle, string method, string url, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        Assert.Equal(expected, AwsOperation.Of("s3", pathStyle, request.Method, request.RequestUri, request.Headers));
    }
}
