namespace DrinkPipeline.Api;

/// <summary>Section <c>Admin</c>: the moderators' key. Without one, moderation is off.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public const string KeyHeader = "X-Admin-Key";

    public string? Key { get; set; }
}
