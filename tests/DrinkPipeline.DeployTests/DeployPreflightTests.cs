using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.AppHost.Deployment;

namespace DrinkPipeline.DeployTests;

/// <summary>The preflight's checks that need no AWS call (the credentials' check runs against the emulator).</summary>
public class DeployPreflightTests
{
    private const string Certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-000000000000";

    [Theory]
    [InlineData("drink-pipeline")]
    [InlineData("a")]
    [InlineData("bar-photos-2026-staging-abcd")]
    public void AStackNameTheTemplateCanUseIsAccepted(string name) => DeployPreflight.CheckStackName(name);

    [Theory]
    [InlineData("Drink-Pipeline")]
    [InlineData("1-drink")]
    [InlineData("drink_pipeline")]
    [InlineData("bar-photos-2026-staging-abcde")]
    [InlineData("")]
    public void AStackNameThatWouldBreakTheBucketOrLoadBalancerNamesIsRefusedBeforeAnything(string name)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => DeployPreflight.CheckStackName(name));

        Assert.Contains("1 to 28 characters of lower-case letters", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateOfTheDeploysRegionOrNoneIsAccepted()
    {
        DeployPreflight.CheckCertificateRegion(new Dictionary<string, string> { ["CertificateArn"] = Certificate }, "eu-west-1");
        DeployPreflight.CheckCertificateRegion(new Dictionary<string, string>(), "eu-west-1");
    }

    [Fact]
    public void ACertificateOfAnotherRegionIsRefusedWithBothRegionsNamed()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            DeployPreflight.CheckCertificateRegion(new Dictionary<string, string> { ["CertificateArn"] = Certificate }, "us-east-1"));

        Assert.Contains("in eu-west-1 and the deploy goes to us-east-1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFargateVcpusNeededComeFromTheTaskSizesAndTaskCounts()
    {
        var template = CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

        // Defaults: API 2-6 tasks of 0.5 vCPU, worker 1-10 of 1, web 2-6 of 0.25; a rollout runs up to 200 %.
        var defaults = DeployPreflight.FargateVcpusNeeded(template, new Dictionary<string, string>());
        var larger = DeployPreflight.FargateVcpusNeeded(template, new Dictionary<string, string> { ["WorkerMaxTasks"] = "20", ["WorkerMinTasks"] = "2" });

        Assert.Equal((5, 14.5), defaults);
        Assert.Equal((7, 24.5), larger);
    }

    [Fact]
    public void SomethingOtherThanAnAcmCertificateArnIsRefused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            DeployPreflight.CheckCertificateRegion(new Dictionary<string, string> { ["CertificateArn"] = "arn:aws:iam::123456789012:server-certificate/x" }, "us-east-1"));

        Assert.Contains("is not an ACM certificate ARN", refusal.Message, StringComparison.Ordinal);
    }
}
