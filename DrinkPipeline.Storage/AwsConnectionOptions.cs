namespace DrinkPipeline.Storage;

/// <summary>Where the AWS clients connect: the region, and the emulator's URL in local mode.</summary>
public sealed class AwsConnectionOptions
{
    public const string SectionName = "AWS";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Emulator endpoint (local mode only). Unset in the cloud, where the region decides.</summary>
    public string? ServiceURL { get; set; }
}
