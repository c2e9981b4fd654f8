using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Api;

/// <summary>Section <c>Moderation</c>.</summary>
public sealed class ModerationOptions
{
    public const string SectionName = "Moderation";

    /// <summary>Distinct reporters (see ReporterIds) after whose reports a photo is hidden until a moderator keeps it.</summary>
    [Range(1, 100)]
    public int HideAfterReports { get; set; } = 3;
}
