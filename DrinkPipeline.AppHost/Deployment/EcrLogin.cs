using System.Text;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>A registry user and password, valid for 12 hours.</summary>
public sealed record RegistryLogin(string Registry, string UserName, string Password);

/// <summary>
/// ECR's GetAuthorizationToken (through <see cref="AwsJsonClient"/>; AWSSDK.ECR is not available to this project): the
/// password with which the SDK's container tooling pushes.
/// </summary>
public sealed class EcrLogin(HttpClient http, AwsTarget target)
{
    public async Task<RegistryLogin> LoginAsync(CancellationToken cancellationToken)
    {
        var answer = await new AwsJsonClient(http, target, "api.ecr", "ecr", "AmazonEC2ContainerRegistry_V20150921")
            .CallAsync("GetAuthorizationToken", [], cancellationToken);
        var data = answer["authorizationData"]?[0]
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
