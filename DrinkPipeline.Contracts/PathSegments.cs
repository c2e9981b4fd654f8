using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace DrinkPipeline.Contracts;

/// <summary>
/// Encoding of names as URL path segments (for <c>/api/bars/{bar}/drinks/{drink}</c>): percent-encoding of
/// everything but unreserved characters, so "/" and "%" stay inside the segment. A name made only of dots cannot be
/// sent as dots, percent-encoded or not: URL parsers (.NET's Uri, browsers) fold "." and ".." segments, "%2E" included.
/// Such a name is written with a leading <c>!</c> (<c>"!.."</c>); encoders never emit a bare <c>!</c> otherwise (it
/// becomes <c>%21</c>), so the marker cannot be confused with a name.
/// </summary>
public static class PathSegments
{
    public const char DotsMarker = '!';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return IsDotsOnly(escaped) ? DotsMarker + escaped : escaped;
    }

    /// <summary>Decodes a raw (still percent-encoded) segment; false when it is not valid UTF-8.</summary>
    public static bool TryDecode(string raw, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (raw.Length > 1 && raw[0] == DotsMarker && IsDotsOnly(raw[1..]))
        {
            name = raw[1..];
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length &&
                byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                var charCount = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(raw.Substring(i, charCount)));
                i += charCount - 1;
            }
        }

        try
        {
            name = StrictUtf8.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsDotsOnly(string value) => value.Length > 0 && value.All(c => c == '.');
}
