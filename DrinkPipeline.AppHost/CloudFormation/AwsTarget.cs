using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// Where a stack is deployed: the local emulator (fixed test credentials, its URL as every service endpoint) or real
/// AWS (a region, and a named profile or the default credential chain).
/// </summary>
public sealed record AwsTarget(string Region, string? Profile, Func<string>? EmulatorUrl)
{
    public const string EmulatorAccessKey = "test";
    public const string EmulatorSecretKey = "test";

    public bool IsLocal => EmulatorUrl is not null;

    public Uri ServiceUri(string service) =>
        EmulatorUrl is { } url ? new Uri(url() + "/") : new Uri($"https://{service}.{Region}.amazonaws.com/");

    public async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (IsLocal)
        {
            return new ImmutableCredentials(EmulatorAccessKey, EmulatorSecretKey, null);
        }

        AWSCredentials credentials;
        if (Profile is { Length: > 0 } profile)
        {
            if (!new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out credentials))
            {
                throw new InvalidOperationException($"AWS profile '{profile}' (AWS:Profile) was not found in the shared credentials files.");
            }
        }
        else
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }

        return await credentials.GetCredentialsAsync();
    }

    /// <summary>Configures an SDK client for this target.</summary>
    public T Configure<T>(T config)
        where T : ClientConfig
    {
        if (EmulatorUrl is { } url)
        {
            config.ServiceURL = url();
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        return config;
    }

    public async Task<AWSCredentials> GetSdkCredentialsAsync()
    {
        var credentials = await GetCredentialsAsync();
        return credentials.UseToken
            ? new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
    }
}
