using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>
/// Who a report comes from, for "hidden after N distinct reporters": the client's address, an IPv6 one grouped by its
/// /48 (a home line is given a /56 or a /48, so every address of a visitor's block is one reporter), hashed with a
/// secret so the record keeps no address. The secret is derived from the API's cursor key (HKDF, its own label): every
/// API copy has it, and a new cursor key starts reporters afresh, which lets each report a photo once more.
/// </summary>
public sealed class ReporterIds(IOptions<PagingOptions> paging)
{
    private const int IPv6PrefixBytes = 48 / 8;

    private readonly byte[] key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(paging.Value.CursorKey), 32, info: Encoding.UTF8.GetBytes("DrinkPipeline reporter ids v1"));

    /// <summary>An opaque id, the same for every address of one IPv4 address or one IPv6 /48.</summary>
    public string Of(string clientAddress) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Group(clientAddress))), 0, 16);

    /// <summary>"203.0.113.7", "2001:db8:1::/48"; anything that is not an address stays as it is.</summary>
    public static string Group(string clientAddress)
    {
        if (!IPAddress.TryParse(clientAddress, out var address))
        {
            return clientAddress;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, IPv6PrefixBytes, bytes.Length - IPv6PrefixBytes);
        return $"{new IPAddress(bytes)}/48";
    }
}
