namespace DrinkPipeline.Contracts;

/// <summary>The image types the pipeline accepts, each with the one extension its object keys use.</summary>
public static class ContentTypes
{
    private static readonly Dictionary<string, string> ExtensionByType = new(StringComparer.Ordinal)
    {
        ["image/jpeg"] = "jpg",
        ["image/png"] = "png",
        ["image/webp"] = "webp",
        ["image/gif"] = "gif",
        ["image/heic"] = "heic",
        ["image/avif"] = "avif",
    };

    public static IReadOnlyCollection<string> Allowed => ExtensionByType.Keys;

    public static string? ToExtension(string contentType) =>
        ExtensionByType.TryGetValue(contentType, out var extension) ? extension : null;

    public static string? FromExtension(string extension) =>
        ExtensionByType.FirstOrDefault(pair => pair.Value == extension).Key;
}
