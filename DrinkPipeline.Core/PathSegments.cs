using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace DrinkPipeline;

/// <summary>
/// Encoding of names as URL path segments (for <c>/api/bars/{bar}/drinks/{drink}</c>). Everything but unreserved
/// characters is percent-encoded, and dots too when the segment is only dots, so "..", "/" and "%" survive proxies
/// and URL normalisation.
/// </summary>
public static class PathSegments
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.All(c => c == '.') ? escaped.Replace(".", "%2E", StringComparison.Ordinal) : escaped;
    }

    /// <summary>Decodes a raw (still percent-encoded) segment; false when it is not valid UTF-8.</summary>
    public static bool TryDecode(string raw, [NotNullWhen(true)] out string? name)
    {
        name = null;
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
}
