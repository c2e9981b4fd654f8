using DrinkPipeline.Storage.Catalog;

namespace DrinkPipeline.Api.Apis;

/// <summary>What every list endpoint does with <c>limit</c> and its continuation.</summary>
internal static class Paging
{
    /// <summary>The page size asked for, kept within 1 and the longest list one request reads.</summary>
    public static int Limit(int? limit, int defaultLimit) => Math.Clamp(limit ?? defaultLimit, 1, DrinkCatalog.MaxListLength);

    public static string? Next(PageCursors cursors, string scope, Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? next) =>
        next is null ? null : cursors.Create(scope, PageCursors.FromKey(next));
}
