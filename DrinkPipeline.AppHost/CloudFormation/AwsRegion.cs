using Amazon.Runtime.CredentialManagement;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// The region a cloud deploy or cloud run uses, found where the AWS CLI and SDKs look, and where it was found (the
/// deploy says so before it creates anything): <c>AWS:Region</c> (command line, settings), then <c>AWS_REGION</c> and
/// <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c> in ~/.aws/config, then us-east-1.
/// </summary>
public sealed record AwsRegion(string Name, string Source)
{
    public const string Fallback = "us-east-1";

    public static AwsRegion Resolve(string? configured, string? profile) =>
        Resolve(configured, profile, Environment.GetEnvironmentVariable, ProfileRegion);

    /// <summary>The same, with the environment and the profiles' regions given (tests).</summary>
    public static AwsRegion Resolve(string? configured, string? profile, Func<string, string?> environment, Func<string, string?> profileRegion)
    {
        if (configured is { Length: > 0 })
        {
            return new(configured, "AWS:Region");
        }

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (environment(variable) is { Length: > 0 } region)
            {
                return new(region, variable);
            }
        }

        var profileName = profile is { Length: > 0 } ? profile : environment("AWS_PROFILE") is { Length: > 0 } named ? named : "default";
        return profileRegion(profileName) is { Length: > 0 } fromProfile
            ? new(fromProfile, $"profile '{profileName}'")
            : new(Fallback, "the default (no AWS:Region, AWS_REGION, AWS_DEFAULT_REGION or profile region)");
    }

    private static string? ProfileRegion(string profile) =>
        new CredentialProfileStoreChain().TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
}
