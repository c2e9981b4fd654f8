namespace DrinkPipeline.Aws;

/// <summary>
/// Section <c>FaultInjection</c>: faults the integration tests inject below the SDK (the emulator cannot throttle or
/// fail on demand). Refused outside Development, so it can never be switched on in production.
/// </summary>
public sealed class FaultInjectionOptions
{
    public const string SectionName = "FaultInjection";

    /// <summary>S3 object GETs whose path contains this fail with 500 InternalError, every time (HEAD still works).</summary>
    public string? FailS3ReadsOfKeysContaining { get; set; }

    /// <summary>DynamoDB requests whose body contains this are throttled on their first attempt.</summary>
    public string? ThrottleDynamoDbRequestsContaining { get; set; }

    public bool Any => FailS3ReadsOfKeysContaining is { Length: > 0 } || ThrottleDynamoDbRequestsContaining is { Length: > 0 };
}
