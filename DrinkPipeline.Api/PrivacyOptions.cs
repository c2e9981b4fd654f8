namespace DrinkPipeline.Api;

/// <summary>What the API may reveal about a photo (section <c>Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>GPS coordinates from EXIF say where someone was; off unless the operator chooses otherwise.</summary>
    public bool ExposeLocation { get; set; }
}
