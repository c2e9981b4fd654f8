using System.Globalization;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using DrinkPipeline.Aws;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// A SigV4-signed call to an AWS Query API (form POST, XML answer), signed with AWSSDK.Core's signer. Serves the
/// services whose SDK packages this project cannot use: CloudFormation and CloudWatch.
/// </summary>
public sealed class AwsQueryClient(HttpClient http, AwsTarget target, string service, string version)
{
    private Uri endpoint = target.ServiceUri(service);

    private string signingRegion = target.Region;

    /// <summary>
    /// A global service (IAM): one endpoint for the partition, signed for us-east-1, whatever the deploy's region.
    /// The emulator serves it at its own address.
    /// </summary>
    public static AwsQueryClient Global(HttpClient http, AwsTarget target, string service, string version) =>
        target.IsLocal
            ? new(http, target, service, version)
            : new(http, target, service, version) { endpoint = new Uri($"https://{service}.amazonaws.com/"), signingRegion = "us-east-1" };

    public async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        var body = SigV4.QueryBody(action, version, arguments);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SigV4.QueryContentType);
        SigV4.SignPost(request, body, SigV4.QueryContentType, await target.GetCredentialsAsync(), signingRegion, service, DateTime.UtcNow);

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
