namespace DrinkPipeline.Aws;

/// <summary>Where and how often pipeline metrics go to CloudWatch (section <c>CloudWatch</c>).</summary>
public sealed class CloudWatchOptions
{
    public const string SectionName = "CloudWatch";

    public bool Enabled { get; set; } = true;

    public string Namespace { get; set; } = "DrinkPipeline";

    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound on one PutMetricData call; a slow CloudWatch costs an export, never a request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
