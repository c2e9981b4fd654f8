using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.Aws;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>
/// A SigV4-signed call to an AWS JSON 1.1 API (ECR, ACM, Service Quotas), signed with AWSSDK.Core's signer: their SDK
/// packages are not available to this project.
/// </summary>
/// <param name="http">The client that sends.</param>
/// <param name="target">Where (the region or the emulator) and with which credentials.</param>
/// <param name="endpointPrefix">The host's first label (api.ecr, acm, servicequotas).</param>
/// <param name="signingName">The service name in the signature (ecr, acm, servicequotas).</param>
/// <param name="targetPrefix">The X-Amz-Target prefix (AmazonEC2ContainerRegistry_V20150921, CertificateManager, ServiceQuotasV20190624).</param>
public sealed class AwsJsonClient(HttpClient http, AwsTarget target, string endpointPrefix, string signingName, string targetPrefix)
{
    private const string ContentType = "application/x-amz-json-1.1";

    public async Task<JsonNode> CallAsync(string operation, JsonObject input, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, target.ServiceUri(endpointPrefix)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        SigV4.SignPost(request, body, ContentType, await target.GetCredentialsAsync(), target.Region, signingName, DateTime.UtcNow);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
            var type = error?["__type"]?.GetValue<string>() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new AwsJsonException(type[(type.LastIndexOf('#') + 1)..], error?["message"]?.GetValue<string>() ?? error?["Message"]?.GetValue<string>() ?? text[..Math.Min(text.Length, 300)], operation);
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }
}

/// <summary>An AWS JSON API error: its type (without the namespace) and message.</summary>
public sealed class AwsJsonException(string code, string message, string operation) : Exception($"{operation}: {code}: {message}")
{
    public string Code { get; } = code;
}
