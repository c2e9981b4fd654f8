using System.Text;

namespace DrinkPipeline.Contracts;

/// <summary>What a client asks to upload.</summary>
public sealed record UploadRequest(string? BarName, string? DrinkName, string? FileName, string? ContentType, long? ContentLength);

/// <summary>Checks an upload request at the edge; returns the problems keyed by field (empty when valid).</summary>
public static class UploadRequestRules
{
    public const long DefaultMaxBytes = 20 * 1024 * 1024;

    public static Dictionary<string, string[]> Validate(UploadRequest request, long maxBytes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (NameRules.Validate(request.BarName, "barName") is { } barError)
        {
            errors["barName"] = [barError];
        }

        if (NameRules.Validate(request.DrinkName, "drinkName") is { } drinkError)
        {
            errors["drinkName"] = [drinkError];
        }

        if (request.ContentType is null || ContentTypes.ToExtension(request.ContentType) is null)
        {
            errors["contentType"] =
                [$"contentType must be one of {string.Join(", ", ContentTypes.Allowed)}; got '{request.ContentType}'."];
        }

        if (request.ContentLength is not { } length || length <= 0)
        {
            errors["contentLength"] = ["contentLength must be a positive number of bytes."];
        }
        else if (length > maxBytes)
        {
            errors["contentLength"] = [$"contentLength {length} exceeds the limit of {maxBytes} bytes."];
        }

        // The file name is informational only (it never reaches the key), but it must still be sane text.
        if (request.FileName is { } fileName && (fileName.Length > 255 || fileName.Any(char.IsControl)))
        {
            errors["fileName"] = ["fileName must be at most 255 characters with no control characters."];
        }

        if (errors.Count == 0)
        {
            var longestKey = ObjectKeys.ForUpload(request.BarName!, request.DrinkName!, new string('0', 32), "webp");
            if (Encoding.UTF8.GetByteCount(longestKey) > ObjectKeys.MaxKeyBytes)
            {
                errors["barName"] = ["barName and drinkName together are too long once encoded for storage."];
            }
        }

        return errors;
    }
}
