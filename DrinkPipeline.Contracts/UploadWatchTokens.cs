using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DrinkPipeline.Contracts;

/// <summary>
/// Who may watch an upload on the web app (its event stream and status): whoever holds the token the API issued with
/// its presigned form, <c>{uploadId}.{expires}.{mac}</c>. Upload ids are public (share links, the feed), so an id alone
/// watches nothing. The API signs and the web app checks with a key both derive from the client forwarding key they
/// already share (HKDF, a label of its own); without that key no token verifies.
/// </summary>
public sealed class UploadWatchTokens(string? sharedKey, TimeProvider time)
{
    /// <summary>Long enough for a page opened later the same day to watch its uploads again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>What the web app answers (403) to a request without a valid token.</summary>
    public const string Refusal =
        "Only the page that uploaded a photo can follow it, with the watch token it was given; this one is missing, altered or expired.";

    private const int MacBytes = 16;

    private readonly byte[]? key = sharedKey is { Length: > 0 }
        ? HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(sharedKey), 32, info: Encoding.UTF8.GetBytes("DrinkPipeline upload watch v1"))
        : null;

    public string Issue(string uploadId)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{uploadId}.{expires}.{Base64Url.EncodeToString(Mac(uploadId, expires))}";
    }

    /// <summary>The upload id the token lets its holder watch; null for a forged, altered or expired token.</summary>
    public string? Verify(string? token)
    {
        var parts = (token ?? "").Split('.');
        if (key is null || parts.Length != 3 || !ObjectKeys.IsUploadId(parts[0]) ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ||
            expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        var presented = new byte[MacBytes];
        return Base64Url.TryDecodeFromChars(parts[2], presented, out var written) && written == MacBytes &&
               CryptographicOperations.FixedTimeEquals(presented, Mac(parts[0], parts[1]))
            ? parts[0]
            : null;
    }

    private byte[] Mac(string uploadId, string expires) =>
        HMACSHA256.HashData(key ?? RandomNumberGenerator.GetBytes(32), Encoding.UTF8.GetBytes($"{uploadId}.{expires}"))[..MacBytes];
}
