using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Coordination;

/// <summary>
/// Leases in the coordination table: a duty that exactly one copy of a service should do (report a shared gauge) goes
/// to whoever holds its lease. A holder renews before it runs out; when it dies, another copy takes over once it has.
/// </summary>
public sealed class Leases(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> for <paramref name="duration"/>.
    /// False while another holder's lease is still running. One conditional write either way.
    /// </summary>
    public async Task<bool> TryHoldAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = resources.Value.CoordinationTableName,
                Key = new() { [Tables.Coordination.Key] = new() { S = $"lease{Tables.KeySeparator}{name}" } },
                UpdateExpression = "SET #holder = :holder, #until = :until, #expires = :expires",
                ConditionExpression = "attribute_not_exists(#holder) OR #holder = :holder OR #until < :now",
                ExpressionAttributeNames = new() { ["#holder"] = Tables.Coordination.Holder, ["#until"] = Tables.Coordination.HeldUntil, ["#expires"] = Tables.Coordination.ExpiresAt },
                ExpressionAttributeValues = new()
                {
                    [":holder"] = new() { S = holder },
                    [":until"] = new() { N = (now + duration).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                    [":now"] = new() { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
                    // Kept a day past the lease, only so an abandoned lease item does not stay for ever.
                    [":expires"] = new() { N = (now + duration + TimeSpan.FromDays(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
