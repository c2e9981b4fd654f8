using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.Aws;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>A registry user and password, valid for 12 hours.</summary>
public sealed record RegistryLogin(string Registry, string UserName, string Password);

/// <summary>
/// ECR's GetAuthorizationToken (JSON protocol, SigV4-signed with AWSSDK.Core's signer; AWSSDK.ECR is not available to
/// this project): the password with which the SDK's container tooling pushes.
/// </summary>
public sealed class EcrLogin(HttpClient http, AwsTarget target)
{
    private const string ContentType = "application/x-amz-json-1.1";

    public async Task<RegistryLogin> LoginAsync(CancellationToken cancellationToken)
    {
        var body = "{}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.ServiceUri("api.ecr")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        SigV4.SignPost(request, body, ContentType, await target.GetCredentialsAsync(), target.Region, "ecr", DateTime.UtcNow);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ECR GetAuthorizationToken answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }

        var data = JsonNode.Parse(text)?["authorizationData"]?[0]
            ?? throw new InvalidOperationException("ECR GetAuthorizationToken answered without authorizationData.");
        // The token is base64("AWS:<password>").
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(data["authorizationToken"]!.GetValue<string>()));
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return new RegistryLogin(
            new Uri(data["proxyEndpoint"]!.GetValue<string>()).Authority,
            token[..colon],
            token[(colon + 1)..]);
    }
}
