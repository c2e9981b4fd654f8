using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>Section <c>UploadEvents</c>: how much of a web copy one client's event streams may hold.</summary>
public sealed class UploadEventsOptions
{
    public const string SectionName = "UploadEvents";

    /// <summary>Open streams per client (an IPv4 address, an IPv6 /48) on one web copy; a page needs one.</summary>
    [Range(1, 100)]
    public int StreamsPerClient { get; set; } = 3;

    /// <summary>Uploads one stream may watch; each is named by its watch token in the URL.</summary>
    [Range(1, 50)]
    public int UploadsPerStream { get; set; } = 20;

    /// <summary>A stream ends after this long with outcomes still to come; the page then asks for its status itself.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
