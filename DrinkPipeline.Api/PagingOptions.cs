using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Api;

/// <summary>
/// Section <c>Paging</c>: the key list cursors are signed with. Every API copy must have the same one (the AppHost's
/// generated <c>cursor-key</c> parameter; a Secrets Manager secret on AWS), or a cursor from one copy fails on another.
/// </summary>
public sealed class PagingOptions
{
    public const string SectionName = "Paging";

    [Required, MinLength(16)]
    public string CursorKey { get; set; } = "";
}
