using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Coordination;

/// <summary>
/// A pass over data written by an earlier version, run once per stack: a marker item in the coordination table,
/// written when the pass ends, says it is done. Each pass has a marker of its own, so a new pass runs on stacks where
/// the earlier ones are long done.
/// </summary>
public abstract class OneOffPass(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    /// <summary>Its lease's and its marker's name; a pass that changes meaning takes a new one.</summary>
    public abstract string Name { get; }

    public string DoneKey => Name + ":done";

    protected IAmazonDynamoDB Dynamo { get; } = dynamo;

    protected AwsResourceOptions Names => resources.Value;

    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken) =>
        (await Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Names.CoordinationTableName,
            Key = new() { [Tables.Coordination.Key] = new() { S = DoneKey } },
            ConsistentRead = true,
        }, cancellationToken)).Item is { Count: > 0 };

    /// <summary>Runs the pass and writes its marker; returns what it did, for the log.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var summary = await RunPassAsync(cancellationToken);
        await Dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = Names.CoordinationTableName,
            Item = new() { [Tables.Coordination.Key] = new() { S = DoneKey }, [Tables.Coordination.Holder] = new() { S = "done" } },
        }, cancellationToken);
        return summary;
    }

    protected abstract Task<string> RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Every item of <paramref name="tableName"/> that <paramref name="template"/> (filter, projection) lets through.</summary>
    protected async IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanAsync(
        string tableName, ScanRequest? template, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scan = template ?? new ScanRequest();
        scan.TableName = tableName;
        await foreach (var page in Dynamo.Paginators.Scan(scan).Responses.WithCancellation(cancellationToken))
        {
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }
        }
    }
}
