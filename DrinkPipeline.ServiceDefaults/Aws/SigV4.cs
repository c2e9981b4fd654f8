using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace DrinkPipeline.Aws;

/// <summary>
/// Signs an HTTP POST with AWS Signature Version 4, using AWSSDK.Core's signer. For AWS APIs whose SDK packages this
/// project cannot use (CloudFormation, CloudWatch, the OTLP endpoints).
/// </summary>
public static class SigV4
{
    public static void SignPost(HttpRequestMessage request, byte[] body, string contentType, ImmutableCredentials credentials,
        string region, string service, DateTime signedAt)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            uri.AbsolutePath,
            "",
            string.Concat(headers.Select(pair => $"{pair.Key}:{pair.Value}\n")),
            signedHeaders,
            Convert.ToHexStringLower(SHA256.HashData(body)));

        var signature = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }

    /// <summary>An AWS Query API request body: <c>Action</c>, <c>Version</c>, then the parameters, form-encoded.</summary>
    public static byte[] QueryBody(string action, string version, IEnumerable<KeyValuePair<string, string>> parameters) =>
        Encoding.UTF8.GetBytes(string.Join('&',
            new[] { KeyValuePair.Create("Action", action), KeyValuePair.Create("Version", version) }.Concat(parameters)
                .Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}")));

    public const string QueryContentType = "application/x-www-form-urlencoded; charset=utf-8";
}
