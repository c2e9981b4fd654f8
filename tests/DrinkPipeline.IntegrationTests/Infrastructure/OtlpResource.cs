using System.Text;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Reads a resource attribute (service.name, service.instance.id) from an OTLP/protobuf export. Each export comes from
/// one process and names its resource once, so the first occurrence is the exporter's own.
/// </summary>
public static class OtlpResource
{
    public static string? Attribute(byte[] payload, string key)
    {
        // KeyValue { 1: key (string), 2: AnyValue { 1: string_value } }: after the key's bytes come tag 0x12, the
        // AnyValue's length, tag 0x0A, the string's length and the string.
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var at = payload.AsSpan().IndexOf(keyBytes);
        if (at < 0)
        {
            return null;
        }

        var position = at + keyBytes.Length;
        if (position + 4 > payload.Length || payload[position] != 0x12 || payload[position + 2] != 0x0A)
        {
            return null;
        }

        var length = payload[position + 3];
        return position + 4 + length <= payload.Length ? Encoding.UTF8.GetString(payload, position + 4, length) : null;
    }

    /// <summary>The distinct instances of <paramref name="service"/> that sent a payload containing <paramref name="marker"/>.</summary>
    public static IReadOnlySet<string> InstancesSending(IEnumerable<byte[]> payloads, string service, string marker)
    {
        var markerBytes = Encoding.UTF8.GetBytes(marker);
        return payloads
            .Where(payload => payload.AsSpan().IndexOf(markerBytes) >= 0 && Attribute(payload, "service.name") == service)
            .Select(payload => Attribute(payload, "service.instance.id"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}
