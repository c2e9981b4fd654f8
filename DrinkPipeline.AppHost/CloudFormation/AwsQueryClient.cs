using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime.Internal.Auth;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// A SigV4-signed call to an AWS Query API (form POST, XML answer), signed with AWSSDK.Core's signer. Serves the
/// services whose SDK packages this project cannot use: CloudFormation and CloudWatch.
/// </summary>
public sealed class AwsQueryClient(HttpClient http, AwsTarget target, string service, string version)
{
    public async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        arguments.Insert(0, new("Action", action));
        arguments.Insert(1, new("Version", version));
        var body = string.Join('&', arguments.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        var uri = target.ServiceUri(service);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        await SignAsync(request, uri, body);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException)
        {
            throw new AwsQueryException(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                $"{action} answered with something other than XML: {text[..Math.Min(text.Length, 300)]}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = QueryXml.Descendant(document.Root!, "Error");
            throw new AwsQueryException(
                (error is null ? null : QueryXml.Child(error, "Code")) ?? response.StatusCode.ToString(),
                (error is null ? null : QueryXml.Child(error, "Message")) ?? text);
        }

        return document.Root!;
    }

    private async Task SignAsync(HttpRequestMessage request, Uri uri, string body)
    {
        var credentials = await target.GetCredentialsAsync();
        var signedAt = DateTime.UtcNow;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = host,
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
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));

        var signature = AWS4Signer.ComputeSignature(credentials, target.Region, signedAt, service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }

}

/// <summary>An AWS Query API error document, as code and message.</summary>
public sealed class AwsQueryException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}

/// <summary>Reads Query API answers by local name: the emulator and AWS do not agree on XML namespaces.</summary>
internal static class QueryXml
{
    public static XElement? Descendant(XElement root, string name) =>
        root.DescendantsAndSelf().FirstOrDefault(element => element.Name.LocalName == name);

    public static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent?.Elements().Where(element => element.Name.LocalName == name) ?? [];

    public static string? Child(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;
}
