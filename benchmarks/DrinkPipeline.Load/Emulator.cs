using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace DrinkPipeline.Load;

/// <summary>SDK clients for the local emulator (its fixed test credentials; path-style S3).</summary>
public sealed class Emulator(Uri endpoint) : IDisposable
{
    private static readonly BasicAWSCredentials Credentials = new("test", "test");

    public AmazonS3Client S3 { get; } = new(Credentials, new AmazonS3Config
    {
        ServiceURL = endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    public AmazonSQSClient Sqs { get; } = new(Credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });

    public AmazonDynamoDBClient Dynamo { get; } = new(Credentials, new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });

    public void Dispose()
    {
        S3.Dispose();
        Sqs.Dispose();
        Dynamo.Dispose();
    }
}
