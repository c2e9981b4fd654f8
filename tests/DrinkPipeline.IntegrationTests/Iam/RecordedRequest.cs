using System.Text.Json;
using System.Text.Json.Serialization;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>One request the emulator answered, as its request log wrote it (DrinkPipeline.AppHost/Emulator/request_log.py).</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string? AccessKey,
    string? Service,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string>? Form,
    string? Body,
    int? Status,
    string? IssuedAccessKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RecordedRequest> ReadAll(string path) =>
        File.Exists(path)
            ? [.. File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<RecordedRequest>(line, Json)!)]
            : [];

    [JsonIgnore]
    public string? Target => Headers.GetValueOrDefault("HTTP_X_AMZ_TARGET");

    /// <summary>"PUT /bucket/key?query" with the operation's target, for messages.</summary>
    public override string ToString() =>
        $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")}{(Target is { } target ? $" ({target})" : "")} → {Status}";
}
