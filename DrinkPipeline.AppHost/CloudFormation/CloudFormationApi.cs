using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime.Internal.Auth;

namespace DrinkPipeline.AppHost.CloudFormation;

public sealed record StackDescription(
    string Status,
    string? StatusReason,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>Thrown when CloudFormation answers with an error document.</summary>
public sealed class CloudFormationException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}

/// <summary>The CloudFormation calls a deployment needs.</summary>
public interface ICloudFormationApi
{
    Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken);

    Task CreateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>Returns false when CloudFormation reports that nothing changed.</summary>
    Task<bool> UpdateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task DeleteStackAsync(string stackName, CancellationToken cancellationToken);
}

/// <summary>
/// The few CloudFormation Query API calls the AppHost needs, SigV4-signed with AWSSDK.Core's signer
/// (AWSSDK.CloudFormation is not available to this project).
/// </summary>
public sealed class CloudFormationApi(HttpClient http, AwsTarget target) : ICloudFormationApi
{
    private const string ApiVersion = "2010-05-15";

    public async Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("DescribeStacks", [new("StackName", stackName)], cancellationToken);
            var stack = Children(Descendant(result, "Stacks"), "member").FirstOrDefault();
            if (stack is null)
            {
                return null;
            }

            return new StackDescription(
                Child(stack, "StackStatus") ?? "UNKNOWN",
                Child(stack, "StackStatusReason"),
                Pairs(Children(stack, "Outputs").FirstOrDefault(), "OutputKey", "OutputValue"),
                Pairs(Children(stack, "Tags").FirstOrDefault(), "Key", "Value"));
        }
        catch (CloudFormationException exception) when (exception.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> DescribeStackResourcesAsync(string stackName, CancellationToken cancellationToken)
    {
        var result = await CallAsync("DescribeStackResources", [new("StackName", stackName)], cancellationToken);
        return Children(Descendant(result, "StackResources"), "member")
            .ToDictionary(
                member => Child(member, "LogicalResourceId") ?? "",
                member => Child(member, "PhysicalResourceId") ?? "",
                StringComparer.Ordinal);
    }

    public Task CreateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        CallAsync("CreateStack", StackArguments(stackName, templateBody, parameters, tags), cancellationToken);

    public async Task<bool> UpdateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("UpdateStack", StackArguments(stackName, templateBody, parameters, tags), cancellationToken);
            return true;
        }
        catch (CloudFormationException exception) when (exception.Message.Contains("No updates are to be performed", StringComparison.Ordinal))
        {
            return false;
        }
    }

    public Task DeleteStackAsync(string stackName, CancellationToken cancellationToken) =>
        CallAsync("DeleteStack", [new("StackName", stackName)], cancellationToken);

    private static List<KeyValuePair<string, string>> StackArguments(
        string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> tags)
    {
        var arguments = new List<KeyValuePair<string, string>>
        {
            new("StackName", stackName),
            new("TemplateBody", templateBody),
            new("Capabilities.member.1", "CAPABILITY_NAMED_IAM"),
        };
        var index = 1;
        foreach (var (key, value) in parameters.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            arguments.Add(new($"Parameters.member.{index}.ParameterKey", key));
            arguments.Add(new($"Parameters.member.{index}.ParameterValue", value));
            index++;
        }

        index = 1;
        foreach (var (key, value) in tags)
        {
            arguments.Add(new($"Tags.member.{index}.Key", key));
            arguments.Add(new($"Tags.member.{index}.Value", value));
            index++;
        }

        return arguments;
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        arguments.Insert(0, new("Action", action));
        arguments.Insert(1, new("Version", ApiVersion));
        var body = string.Join('&', arguments.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        var uri = target.ServiceUri("cloudformation");

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
            throw new CloudFormationException(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                $"{action} answered with something other than XML: {text[..Math.Min(text.Length, 300)]}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = Descendant(document.Root!, "Error");
            throw new CloudFormationException(
                (error is null ? null : Child(error, "Code")) ?? response.StatusCode.ToString(),
                (error is null ? null : Child(error, "Message")) ?? text);
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

        var signature = AWS4Signer.ComputeSignature(credentials, target.Region, signedAt, "cloudformation", signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }

    // Matched by local name: the emulator and AWS do not agree on XML namespaces.
    private static XElement? Descendant(XElement root, string name) =>
        root.DescendantsAndSelf().FirstOrDefault(element => element.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent?.Elements().Where(element => element.Name.LocalName == name) ?? [];

    private static string? Child(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;

    private static Dictionary<string, string> Pairs(XElement? list, string keyName, string valueName) =>
        Children(list, "member").ToDictionary(
            member => Child(member, keyName) ?? "",
            member => Child(member, valueName) ?? "",
            StringComparer.Ordinal);
}
