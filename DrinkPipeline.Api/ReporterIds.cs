using DrinkPipeline.Contracts;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>
/// Who a report comes from, for "hidden after N distinct reporters": the client's address grouped as one visitor
/// (<see cref="ClientGroups"/>: an IPv6 /48 is one reporter), hashed with a secret so the record keeps no address. The secret is derived from the API's cursor key (HKDF, its own label): every
/// API copy has it, and a new cursor key starts reporters afresh, which lets each report a photo once more.
/// </summary>
public sealed class ReporterIds(IOptions<PagingOptions> paging)
{
    private readonly byte[] key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(paging.Value.CursorKey), 32, info: Encoding.UTF8.GetBytes("DrinkPipeline reporter ids v1"));

    /// <summary>An opaque id, the same for every address of one IPv4 address or one IPv6 /48.</summary>
    public string Of(string clientAddress) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(ClientGroups.Of(clientAddress))), 0, 16);
}
