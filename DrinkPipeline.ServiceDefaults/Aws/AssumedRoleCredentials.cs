using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace DrinkPipeline.Aws;

/// <summary>
/// The service's own IAM role (<c>AWS:RoleArn</c>, one per service in the template), assumed with the process's
/// default credentials and renewed before it expires, so each service holds only its role's permissions.
/// </summary>
public sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private static readonly TimeSpan SessionLength = TimeSpan.FromHours(1);

    private readonly IAmazonSecurityTokenService sts;
    private readonly string roleArn;
    private readonly string sessionName;

    public AssumedRoleCredentials(IAmazonSecurityTokenService sts, string roleArn, string sessionName)
    {
        this.sts = sts;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = sessionName,
            DurationSeconds = (int)SessionLength.TotalSeconds,
        });
        var credentials = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration ?? DateTime.UtcNow.Add(SessionLength));
    }
}
