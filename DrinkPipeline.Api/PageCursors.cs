using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>
/// Opaque <c>nextCursor</c> values: where a list continues (a DynamoDB key, or a search position) and the list it
/// belongs to (its scope: the endpoint and its parameters), signed with HMAC-SHA256. A cursor changed by a client, or
/// one from another list or another query, is refused: a client cannot make the API read from an arbitrary key.
/// </summary>
public sealed class PageCursors(IOptions<PagingOptions> options)
{
    public string Create(string scope, JsonNode position)
    {
        var payload = Encoding.UTF8.GetBytes(new JsonObject { ["s"] = scope, ["p"] = position }.ToJsonString());
        return $"{WebEncoders.Base64UrlEncode(payload)}.{WebEncoders.Base64UrlEncode(Sign(payload))}";
    }

    /// <summary>
    /// The position a cursor carries: null without one (the first page); false with a problem's detail when it is not
    /// a cursor this API issued for <paramref name="scope"/>.
    /// </summary>
    public bool TryRead(string? cursor, string scope, out JsonNode? position, out string? problem)
    {
        position = null;
        problem = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        const string Invalid = "cursor is not a cursor this list returned: pass nextCursor from the previous page unchanged, with the same query.";
        var parts = cursor.Split('.');
        try
        {
            if (parts.Length == 2 &&
                WebEncoders.Base64UrlDecode(parts[0]) is var payload &&
                CryptographicOperations.FixedTimeEquals(Sign(payload), WebEncoders.Base64UrlDecode(parts[1])) &&
                JsonNode.Parse(payload) is JsonObject content &&
                content["s"]?.GetValue<string>() == scope)
            {
                position = content["p"];
                return true;
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            // Not base64url or not the JSON this class writes: the same answer as a bad signature.
        }

        problem = Invalid;
        return false;
    }

    /// <summary>A DynamoDB key as a position (the keys of these tables are strings).</summary>
    public static JsonNode FromKey(Dictionary<string, AttributeValue> key) =>
        new JsonObject(key.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)(pair.Value.S ?? throw new InvalidOperationException($"Key attribute {pair.Key} is not a string.")))));

    public static Dictionary<string, AttributeValue>? ToKey(JsonNode? position) =>
        position is JsonObject key ? key.ToDictionary(pair => pair.Key, pair => new AttributeValue { S = pair.Value!.GetValue<string>() }) : null;

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.CursorKey), payload);
}
