using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace DrinkPipeline.Contracts;

/// <summary>The parts an upload's object key is made of: <c>uploads/{bar}/{drink}/{uploadId}.{ext}</c>.</summary>
public sealed record UploadKey(string BarName, string DrinkName, string UploadId, string Extension);

/// <summary>
/// Reversible, canonical object-key layout. Names keep readable characters (letters of any script, digits,
/// <c>-_.!*'()</c>) and percent-encode the rest as UTF-8, so a name can never add a path segment, escape the prefix,
/// or collide with another name; each key has exactly one spelling, so decoding rejects anything we would not produce.
/// </summary>
public static class ObjectKeys
{
    public const string UploadPrefix = "uploads/";

    /// <summary>Derivatives live outside the upload prefix, so writing them never triggers the pipeline.</summary>
    public const string DerivedPrefix = "derived/";

    /// <summary>
    /// Accepted originals, kept for the worker alone: a replayed upload form can only reach <see cref="UploadPrefix"/>,
    /// and nothing public is ever signed for this prefix (the uploader's EXIF, GPS included, is still in these bytes).
    /// </summary>
    public const string OriginalPrefix = "originals/";

    /// <summary>
    /// User metadata carrying the W3C trace context of the presign request across S3 to the worker (S3 adds
    /// <c>x-amz-meta-</c>; the AWS SDK reads it back under this name).
    /// </summary>
    public const string TraceParentMetadata = "traceparent";

    /// <summary>
    /// User metadata with the size the upload declared, signed into the POST policy with the key. S3 enforces the size
    /// itself (content-length-range); the emulator does not, and this lets the worker compare without reading the
    /// upload's record.
    /// </summary>
    public const string DeclaredLengthMetadata = "declared-length";

    /// <summary>S3's own limit on key length, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string NewUploadId() => Guid.CreateVersion7().ToString("N");

    /// <summary>When the API issued the upload: a GUIDv7 id begins with its creation time in Unix milliseconds.</summary>
    public static DateTimeOffset? IssuedAt(string uploadId) =>
        IsUploadId(uploadId) && uploadId[12] == '7' &&
        long.TryParse(uploadId.AsSpan(0, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    public static string ForUpload(string barName, string drinkName, string uploadId, string extension) =>
        $"{UploadPrefix}{EncodeSegment(barName)}/{EncodeSegment(drinkName)}/{uploadId}.{extension}";

    public static string ThumbnailFor(string uploadId) => $"{Spread(DerivedPrefix, uploadId)}/thumbnail.webp";

    public static string DisplayFor(string uploadId) => $"{Spread(DerivedPrefix, uploadId)}/display.webp";

    /// <summary>Where the worker keeps an accepted upload's original bytes.</summary>
    public static string OriginalFor(string uploadId) => Spread(OriginalPrefix, uploadId);

    /// <summary>
    /// <c>{prefix}{last two characters}/{uploadId}</c>. Upload ids begin with their creation time (GUIDv7), so under
    /// <c>{prefix}{uploadId}</c> every new object would land at the same end of the key space, one S3 partition
    /// (3,500 writes a second). The ids end in random digits: leading with two of them spreads writes over 256 ranges.
    /// </summary>
    private static string Spread(string prefix, string uploadId) => $"{prefix}{uploadId[^2..]}/{uploadId}";

    public static bool TryParseUpload(string key, [NotNullWhen(true)] out UploadKey? upload)
    {
        upload = null;
        if (!key.StartsWith(UploadPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = key[UploadPrefix.Length..].Split('/');
        if (parts.Length != 3)
        {
            return false;
        }

        var dot = parts[2].IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        var uploadId = parts[2][..dot];
        var extension = parts[2][(dot + 1)..];
        if (!IsUploadId(uploadId) || ContentTypes.FromExtension(extension) is null)
        {
            return false;
        }

        if (!TryDecodeSegment(parts[0], out var bar) || NameRules.Validate(bar, "bar") is not null ||
            !TryDecodeSegment(parts[1], out var drink) || NameRules.Validate(drink, "drink") is not null)
        {
            return false;
        }

        upload = new UploadKey(bar, drink, uploadId, extension);
        return true;
    }

    public static bool IsUploadId(string value) =>
        value.Length == 32 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string EncodeSegment(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        var first = true;
        foreach (var rune in name.EnumerateRunes())
        {
            // A leading dot is escaped so that no segment can read as "." or "..".
            if (IsKeptAsIs(rune) && !(first && rune.Value == '.'))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                var count = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..count])
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            first = false;
        }

        return builder.ToString();
    }

    public static bool TryDecodeSegment(string segment, [NotNullWhen(true)] out string? name)
    {
        name = null;
        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%')
            {
                if (i + 2 >= segment.Length || !IsUpperHex(segment[i + 1]) || !IsUpperHex(segment[i + 2]))
                {
                    return false;
                }

                bytes.Add(byte.Parse(segment.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                var charCount = char.IsHighSurrogate(segment[i]) && i + 1 < segment.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(segment.Substring(i, charCount)));
                i += charCount - 1;
            }
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Canonical form only: a key we would have spelled differently is not ours.
        if (decoded.Length == 0 || EncodeSegment(decoded) != segment)
        {
            return false;
        }

        name = decoded;
        return true;
    }

    private static bool IsUpperHex(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'F');

    private static bool IsKeptAsIs(Rune rune)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '*' or '\'' or '(' or ')';
        }

        // Other scripts stay readable; separators, format (bidi, zero-width), private-use and unassigned
        // code points are escaped so a key never hides or reorders characters.
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or
            UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }
}
