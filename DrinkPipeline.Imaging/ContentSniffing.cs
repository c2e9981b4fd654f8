using System.Text;

namespace DrinkPipeline.Imaging;

/// <summary>Names what a non-image upload looks like, so the rejection reason says something useful.</summary>
internal static class ContentSniffing
{
    private const int Window = 512;

    public static string Describe(byte[] content)
    {
        var head = content.AsSpan(0, Math.Min(content.Length, Window));
        if (!LooksLikeText(head))
        {
            return "The file is not in an image format we accept (JPEG, PNG, WebP, GIF, HEIC or AVIF)";
        }

        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase))
        {
            return "The file is an SVG document";
        }

        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.Contains("<html", StringComparison.OrdinalIgnoreCase))
        {
            return "The file is an HTML page";
        }

        return "The file is text";
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x09 || (b is > 0x0D and < 0x20))
            {
                return false;
            }
        }

        return true;
    }
}
