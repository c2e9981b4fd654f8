using System.ComponentModel.DataAnnotations;
using DrinkPipeline.Contracts;

namespace DrinkPipeline.Storage;

/// <summary>Limits of uploads and presigned URLs (section <c>Uploads</c>), shared by the API and the worker.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = UploadRequestRules.DefaultMaxBytes;

    /// <summary>How long a presigned POST stays valid; at most five minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:05:00")]
    public TimeSpan PresignedPostLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ImageUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
