using System.Net;
using System.Net.Sockets;

namespace DrinkPipeline.Contracts;

/// <summary>
/// One visitor, as far as an address can tell: an IPv4 address, or an IPv6 /48 (a home line is given a whole /56 or
/// /48, so a visitor can use a fresh address for every request). Used wherever "per visitor" must not be "per address".
/// </summary>
public static class ClientGroups
{
    private const int IPv6PrefixBytes = 48 / 8;

    /// <summary>"203.0.113.7", "2001:db8:1::/48"; anything that is not an address stays as it is.</summary>
    public static string Of(string clientAddress)
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
