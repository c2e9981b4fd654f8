using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests;

/// <summary>How a deploy finds its region and signs in, as the AWS CLI does.</summary>
public class AwsCredentialsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Theory]
    [InlineData("eu-west-1", "AWS:Region")]
    [InlineData(null, "AWS_REGION")]
    public void TheRegionGivenComesFirstThenTheEnvironments(string? configured, string source)
    {
        var environment = new Dictionary<string, string> { ["AWS_REGION"] = "eu-central-1", ["AWS_DEFAULT_REGION"] = "ap-south-1" };

        var region = AwsRegion.Resolve(configured, "me", name => environment.GetValueOrDefault(name), _ => "us-west-2");

        Assert.Equal((configured ?? "eu-central-1", source), (region.Name, region.Source));
    }

    [Fact]
    public void WithoutAConfiguredRegionTheProfilesRegionIsUsed()
    {
        var regions = new Dictionary<string, string> { ["me"] = "us-west-2", ["default"] = "ca-central-1" };

        var named = AwsRegion.Resolve(null, "me", NoEnvironment.GetValueOrDefault, regions.GetValueOrDefault);
        var fromEnvironment = AwsRegion.Resolve(null, null, new Dictionary<string, string> { ["AWS_PROFILE"] = "me" }.GetValueOrDefault, regions.GetValueOrDefault);
        var byDefault = AwsRegion.Resolve(null, null, NoEnvironment.GetValueOrDefault, regions.GetValueOrDefault);

        Assert.Equal(("us-west-2", "profile 'me'"), (named.Name, named.Source));
        Assert.Equal("us-west-2", fromEnvironment.Name);
        Assert.Equal(("ca-central-1", "profile 'default'"), (byDefault.Name, byDefault.Source));
    }

    [Fact]
    public void NoRegionAnywhereIsUsEast1AndSaysSo()
    {
        var region = AwsRegion.Resolve(null, null, NoEnvironment.GetValueOrDefault, _ => null);

        Assert.Equal(AwsRegion.Fallback, region.Name);
        Assert.StartsWith("the default", region.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Amazon.SSO.AmazonSSOClient, AWSSDK.SSO")]
    [InlineData("Amazon.SSOOIDC.AmazonSSOOIDCClient, AWSSDK.SSOOIDC")]
    public void TheClientsTheSdkLoadsForSsoProfilesShipWithTheAppHost(string typeName)
    {
        // AWSSDK.Core loads these by name when a profile uses IAM Identity Center (sso_session, sso_start_url); the
        // AppHost's references flow to this test's output as to the AppHost's.
        Assert.NotNull(Type.GetType(typeName, throwOnError: false));
    }
}
