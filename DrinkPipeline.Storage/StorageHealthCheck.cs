using Amazon.DynamoDBv2;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage;

/// <summary>
/// Ready only while AWS (or the emulator) answers and the stack's uploads table exists: a stopped emulator, or one that
/// restarted empty, shows as unhealthy in the dashboard instead of as a stream of failing requests.
/// </summary>
public sealed class StorageHealthCheck(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await dynamo.DescribeTableAsync(resources.Value.UploadsTableName, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is AmazonDynamoDBException or HttpRequestException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The uploads table {resources.Value.UploadsTableName} cannot be reached.", exception);
        }
    }
}
