using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage;

/// <summary>A write built once as a transaction item and sent alone when no transaction is needed.</summary>
internal static class UpdateRequests
{
    public static UpdateItemRequest AsRequest(this Update update) => new()
    {
        TableName = update.TableName,
        Key = update.Key,
        UpdateExpression = update.UpdateExpression,
        ConditionExpression = update.ConditionExpression,
        ExpressionAttributeNames = update.ExpressionAttributeNames,
        ExpressionAttributeValues = update.ExpressionAttributeValues,
    };
}
