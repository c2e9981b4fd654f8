using System.Globalization;

using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage.Coordination;

/// <summary>
/// One client's fixed upload window. Windows are aligned to the Unix epoch, so every API copy agrees on the window a
/// moment belongs to without asking the others; the count itself lives in the coordination table under
/// <see cref="CounterKey"/>.
/// </summary>
public readonly record struct UploadWindow(string Client, DateTimeOffset Start, TimeSpan Length, int Limit)
{
    public DateTimeOffset End => Start + Length;

    /// <summary>One item per client and window: a new window starts from a fresh item instead of resetting an old one.</summary>
    public string CounterKey =>
        string.Create(CultureInfo.InvariantCulture, $"upload-window{Tables.KeySeparator}{Client}{Tables.KeySeparator}{Start.ToUnixTimeMilliseconds()}");

    public static UploadWindow At(string client, DateTimeOffset now, TimeSpan length, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var start = DateTimeOffset.UnixEpoch.AddTicks(sinceEpoch - (sinceEpoch % length.Ticks));
        return new UploadWindow(client, start, length, limit);
    }

    /// <summary>Whole seconds until the next window, at least one (the Retry-After header).</summary>
    public int SecondsLeft(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((End - now).TotalSeconds));

    /// <summary>
    /// The write that counts one more request in this window, on condition that the window is not full; a transaction
    /// with it refuses the whole request at the limit. Shared by uploads and reports.
    /// </summary>
    public Update CountOneMore(string coordinationTableName) => new()
    {
        TableName = coordinationTableName,
        Key = new() { [Tables.Coordination.Key] = new() { S = CounterKey } },
        UpdateExpression = "ADD #count :one SET #expires = :expires",
        ConditionExpression = "attribute_not_exists(#count) OR #count < :limit",
        ExpressionAttributeNames = new() { ["#count"] = Tables.Coordination.Count, ["#expires"] = Tables.Coordination.ExpiresAt },
        ExpressionAttributeValues = new()
        {
            [":one"] = new() { N = "1" },
            [":limit"] = new() { N = Limit.ToString(CultureInfo.InvariantCulture) },
            [":expires"] = new() { N = End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        },
    };
}
