using DrinkPipeline.Contracts;
namespace DrinkPipeline.Storage;

/// <summary>Attribute and index names of the DynamoDB tables (keys as defined in the CloudFormation template).</summary>
public static class Tables
{
    /// <summary>Separates parts of composite keys; names cannot contain control characters, so it cannot collide.</summary>
    public const char KeySeparator = '\u001F';

    public static class Drinks
    {
        public const string BarName = "BarName";
        public const string DrinkName = "DrinkName";
        public const string BarDisplayName = "BarDisplayName";
        public const string DrinkDisplayName = "DrinkDisplayName";
        public const string DrinkSearchKey = "DrinkSearchKey";
        public const string S3ObjectKey = "S3ObjectKey";
        public const string UploadId = "UploadId";
        public const string ContentType = "ContentType";
        public const string SizeBytes = "SizeBytes";
        public const string UploadedAt = "UploadedAt";
        public const string Version = "Version";
        public const string PhotoCount = "PhotoCount";
        public const string Width = "Width";
        public const string Height = "Height";
        public const string TakenAt = "TakenAt";
        public const string CameraMake = "CameraMake";
        public const string CameraModel = "CameraModel";
        public const string Latitude = "Latitude";
        public const string Longitude = "Longitude";
        public const string SearchIndex = "DrinksBySearchKey";
        public const string ByNameIndex = "DrinksByName";
    }

    public static class Photos
    {
        public const string DrinkId = "DrinkId";
        public const string PhotoSortKey = "PhotoSortKey";
        public const string ContentHash = "ContentHash";
        public const string ContentHashIndex = "PhotosByContentHash";

        /// <summary>Set while a reported photo waits for a moderator: left out of lists and the lookup.</summary>
        public const string Hidden = "Hidden";
    }

    public static class Uploads
    {
        public const string UploadId = "UploadId";
        public const string Status = "Status";
        public const string BarName = "BarName";
        public const string DrinkName = "DrinkName";
        public const string ObjectKey = "ObjectKey";
        public const string ContentType = "ContentType";
        public const string ContentLength = "ContentLength";
        public const string Reason = "Reason";
        public const string CreatedAt = "CreatedAt";
        public const string UpdatedAt = "UpdatedAt";
        public const string ExpiresAt = "ExpiresAt";
        public const string FeedDay = "FeedDay";
        public const string ReadyAt = "ReadyAt";
        public const string DuplicateOf = "DuplicateOf";

        /// <summary>The ETag of the one object a ready upload accepted (absent on records made ready before it was kept).</summary>
        public const string ObjectETag = "ObjectETag";
        public const string RecentReadyIndex = "RecentReady";
        /// <summary>Reports from distinct reporters: <see cref="Reporters"/> holds each reporter's keyed hash once.</summary>
        public const string ReportCount = "ReportCount";
        public const string Reporters = "Reporters";
        public const string ReportNotes = "ReportNotes";
        public const string ReportReasonPrefix = "ReportReason_";
        public const string LastReportedAt = "LastReportedAt";
        public const string Hidden = "Hidden";
        public const string Kept = "Kept";

        /// <summary>Sparse: only uploads waiting for a moderator carry it (one value, <see cref="ReviewQueueValue"/>).</summary>
        public const string ReviewQueue = "ReviewQueue";
        public const string ReviewQueueValue = "reported";
        public const string ReviewQueueIndex = "ReportedPhotos";

        /// <summary>Status records are kept this long after their last change, except ready ones, which stay: photos are linked to.</summary>
        public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    }

    public static class Bars
    {
        public const string BarName = "BarName";
        public const string DisplayName = "DisplayName";
        public const string SearchShard = "SearchShard";
        public const string SearchKey = "SearchKey";
        public const string SearchIndex = "BarsBySearchKey";
        public const string PhotoCount = "PhotoCount";
        public const string NewestUploadId = "NewestUploadId";
        public const string NewestAt = "NewestAt";
    }

    /// <summary>
    /// Word-prefix search: an item per word (of two letters or more) of each drink at a bar, mirroring that drink's
    /// lookup item, and of each bar, with the bar's display name and newest photo.
    /// </summary>
    public static class SearchWords
    {
        public const string Shard = "Shard";
        public const string Entry = "Entry";
    }

    /// <summary>State shared by the copies of a service: upload counters per client and window, and leases.</summary>
    public static class Coordination
    {
        public const string Key = "Key";
        public const string Count = "Count";
        public const string Holder = "Holder";
        public const string HeldUntil = "HeldUntil";
        public const string ExpiresAt = "ExpiresAt";
    }

    public static string DrinkId(string barKey, string drinkKey) => $"{barKey}{KeySeparator}{drinkKey}";

    /// <summary>Sort key that keeps search order and stays unique per identity: search key, separator, identity key.</summary>
    public static string SearchSortKey(string name) => $"{NameRules.SearchKey(name)}{KeySeparator}{NameRules.IdentityKey(name)}";

    /// <summary>First character (whole rune) of the search key: the partition a prefix query reads.</summary>
    public static string SearchShard(string searchKeyOrPrefix) =>
        searchKeyOrPrefix.Length == 0 ? "" : System.Text.Rune.GetRuneAt(searchKeyOrPrefix, 0).ToString();
}
