using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Moderation;

/// <summary>
/// Moderators' sessions, shared by every API copy in the coordination table: opened with the administrators' key,
/// presented instead of it, closed at sign-out or after <see cref="Lifetime"/>. A stolen session ends when its
/// moderator signs out; the key itself never leaves the sign-in. Only a hash of each token is stored.
/// </summary>
public sealed class ModeratorSessions(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const int TokenBytes = 32;

    /// <summary>A new session's token and when it ends.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> OpenAsync(CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var expiresAt = time.GetUtcNow() + Lifetime;
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = resources.Value.CoordinationTableName,
            Item = new()
            {
                [Tables.Coordination.Key] = new() { S = ItemKey(token) },
                // Also the table's TTL: an ended session's item goes by itself.
                [Tables.Coordination.ExpiresAt] = new() { N = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
        }, cancellationToken);
        return (token, expiresAt);
    }

    /// <summary>Whether <paramref name="token"/> is an open session; anything not shaped like a token is refused unread.</summary>
    public async Task<bool> IsOpenAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return false;
        }

        var item = (await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.CoordinationTableName,
            Key = new() { [Tables.Coordination.Key] = new() { S = ItemKey(token) } },
            ConsistentRead = true,
        }, cancellationToken)).Item;
        // TTL deletes within days, not at the second: the time is checked here.
        return item is { Count: > 0 } && item.TryGetValue(Tables.Coordination.ExpiresAt, out var expires) &&
               long.Parse(expires.N, CultureInfo.InvariantCulture) > time.GetUtcNow().ToUnixTimeSeconds();
    }

    public async Task CloseAsync(string token, CancellationToken cancellationToken)
    {
        if (IsWellFormed(token))
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = resources.Value.CoordinationTableName,
                Key = new() { [Tables.Coordination.Key] = new() { S = ItemKey(token) } },
            }, cancellationToken);
        }
    }

    private static bool IsWellFormed(string token) =>
        token.Length == Base64Url.GetEncodedLength(TokenBytes) && Base64Url.IsValid(token);

    private static string ItemKey(string token) =>
        $"moderator-session{Tables.KeySeparator}{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
}
