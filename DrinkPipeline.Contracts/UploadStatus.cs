namespace DrinkPipeline.Contracts;

/// <summary>The lifecycle of one upload, as stored and as the API reports it.</summary>
public static class UploadStatus
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>Deleted by a moderator: the photo, its renditions and its index entries are gone.</summary>
    public const string Removed = "removed";
}
