using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Api;

/// <summary>Section <c>RateLimits</c>: presigned uploads per end client per window. Raised for load runs.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Enough for a person dropping an evening's photos at once; not for a script flooding the bucket.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerWindow { get; set; } = 120;

    /// <summary>Reports on photos per end client per window: enough to flag a few photos, not to bury one.</summary>
    [Range(1, 1_000_000)]
    public int ReportsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
