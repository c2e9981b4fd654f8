using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.Aws;

/// <summary>
/// The one set of AWS credentials a service uses for everything it sends to AWS, storage calls and telemetry export
/// alike: its own role (<c>AWS:RoleArn</c>) when configured, else the default credentials as they are (on ECS, the
/// task's role). One identity per service is what lets its role be least privilege and be checked call by call.
/// </summary>
public static class ServiceCredentials
{
    /// <summary>The service's credentials as the exporters sign with them (resolved per export; renewed as they expire).</summary>
    public static Func<ImmutableCredentials> Of(IServiceProvider services)
    {
        var credentials = services.GetRequiredService<AWSCredentials>();
        return credentials.GetCredentials;
    }

    public static AWSCredentials Create(IConfiguration configuration, string applicationName)
    {
        if (configuration["AWS:RoleArn"] is not { Length: > 0 } roleArn)
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }

        var sts = new AmazonSecurityTokenServiceConfig();
        var region = configuration["AWS:Region"] ?? "us-east-1";
        if (configuration["AWS:ServiceURL"] is { Length: > 0 } serviceUrl)
        {
            sts.ServiceURL = serviceUrl;
            sts.AuthenticationRegion = region;
        }
        else
        {
            sts.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // The process's own credentials only ever assume the role.
        return new AssumedRoleCredentials(
            new AmazonSecurityTokenServiceClient(DefaultAWSCredentialsIdentityResolver.GetCredentials(), sts),
            roleArn,
            $"drinkpipeline-{applicationName}");
    }
}
