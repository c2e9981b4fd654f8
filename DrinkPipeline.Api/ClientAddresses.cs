using System.Net;
using System.Security.Cryptography;
using System.Text;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>
/// The end client a request speaks for, for per-client limits. Requests through the web app all come from the web
/// server, so the web app forwards the browser's address in <c>X-Forwarded-For</c>; that header counts only with the
/// forwarding key, otherwise anyone could pick a fresh address per request and never be limited.
/// </summary>
public sealed class ClientAddresses(IOptions<ClientForwardingOptions> options)
{
    public string Of(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (options.Value.Key is { Length: > 0 } key &&
            headers.TryGetValue(ClientForwardingOptions.KeyHeader, out var presented) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToString()), Encoding.UTF8.GetBytes(key)) &&
            headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is var forwarded &&
            IPAddress.TryParse(forwarded, out var address))
        {
            return address.ToString();
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
