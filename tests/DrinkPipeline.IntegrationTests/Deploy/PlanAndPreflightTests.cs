using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.AppHost.Deployment;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The deploy's plan step (and its preflight's credentials check) against the emulator: a change set made with the parameters a deploy would pass, read and
/// deleted, never executed; a first plan leaves no stack behind. The emulator's change sets compare templates only:
/// they ignore conditions (a first plan lists the compute too) and parameter values (a changed setting shows no
/// change), so the tests change the template, as a code change does; AWS also shows what a setting touches.
/// </summary>
public class PlanAndPreflightTests(StandaloneEmulator emulator) : IClassFixture<StandaloneEmulator>
{
    private static readonly CloudFormationTemplate Template = StackTemplate.Loaded;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFirstPlanListsWhatTheFirstDeployCreatesAndLeavesNoStackBehind()
    {
        const string stack = "plan-first";

        var plan = await PlanAsync(stack, Template.Body, new Dictionary<string, string>());

        Assert.True(plan.IsNewStack);
        Assert.All(plan.Changes, change => Assert.Equal("Add", change.Action));
        Assert.Contains(plan.Changes, change => change.LogicalId == "PhotoBucket" && change.ResourceType == "AWS::S3::Bucket");
        Assert.Contains(plan.Changes, change => change.LogicalId == "ApiRepository");
        var stacks = await AwsCli.RunAsync(emulator.Url, Token, "cloudformation", "list-stacks", "--output", "json");
        Assert.DoesNotContain("REVIEW_IN_PROGRESS", stacks, StringComparison.Ordinal);
        Assert.Null(await Api.DescribeStackAsync(stack, Token) is { Status: not "DELETE_COMPLETE" } left ? left : null);
    }

    [Fact]
    public async Task APlanOfADeployedStackShowsWhatAChangedTemplateTouchesAndChangesNothing()
    {
        const string stack = "plan-later";
        var parameters = new Dictionary<string, string> { ["UploadRetentionDays"] = "15" };
        await Deployer.DeployAsync(stack, Template.Body, parameters, Token);
        var changedBody = Template.Body.Replace("\"RetentionInDays\":30", "\"RetentionInDays\":14", StringComparison.Ordinal);
        Assert.NotEqual(Template.Body, changedBody);

        var unchanged = await PlanAsync(stack, Template.Body, parameters);
        var changed = await PlanAsync(stack, changedBody, parameters);

        Assert.False(unchanged.IsNewStack);
        Assert.Empty(unchanged.Changes);
        var change = Assert.Single(changed.Changes);
        Assert.Equal(("Modify", "PipelineLogGroup", "AWS::Logs::LogGroup"), (change.Action, change.LogicalId, change.ResourceType));
        // Nothing was executed: the log group keeps its 30 days, the stack its status.
        var groups = await AwsCli.JsonAsync(emulator.Url, Token, "logs", "describe-log-groups", "--log-group-name-prefix", $"/drink-pipeline/{stack}");
        Assert.Equal(30, groups["logGroups"]![0]!["retentionInDays"]!.GetValue<int>());
        Assert.Equal("CREATE_COMPLETE", (await Api.DescribeStackAsync(stack, Token))!.Status);
    }

    [Fact]
    public async Task ThePreflightSaysWhoTheCredentialsAreAndWhereTheRegionCameFrom()
    {
        var region = AwsRegion.Resolve(null, null, _ => null, _ => null);

        var identity = await DeployPreflight.IdentifyAsync(new HttpClient(), new AwsTarget(region.Name, null, () => emulator.Url), region, Token);

        Assert.Equal("123456789012", identity.Account);
        Assert.StartsWith("arn:aws:", identity.Caller, StringComparison.Ordinal);
        Assert.Equal(("us-east-1", region.Source), (identity.Region, identity.RegionSource));
    }

    [Fact]
    public async Task OnAFreshAccountThePreflightCreatesEcsServiceLinkedRoleOnceAndAPlanOnlySaysItIsMissing()
    {
        var target = new AwsTarget("us-east-1", null, () => emulator.Url);
        using var http = new HttpClient();

        var missingForPlan = await DeployPreflight.EnsureEcsServiceLinkedRoleAsync(http, target, create: false, Token);
        var roles = await ServiceLinkedRolesAsync();
        var createdForDeploy = await DeployPreflight.EnsureEcsServiceLinkedRoleAsync(http, target, create: true, Token);
        var created = await ServiceLinkedRolesAsync();
        // The emulator names the role AWSServiceRoleForecs, so asking by AWS's name never finds it there: the next
        // deploy tries again and takes "already exists" for what it is.
        await DeployPreflight.EnsureEcsServiceLinkedRoleAsync(http, target, create: true, Token);

        Assert.Equal((true, true), (missingForPlan, createdForDeploy));
        Assert.Empty(roles);
        Assert.Single(created);
        Assert.Single(await ServiceLinkedRolesAsync());
    }

    [Fact]
    public async Task ThePreflightWarnsWhenItCannotReadTheFargateQuotaAndSaysWhatTheStackNeeds()
    {
        // The emulator's Service Quotas knows VPC quotas only: this is the "could not read" path.
        var warning = await DeployPreflight.CheckFargateQuotaAsync(
            new HttpClient(), new AwsTarget("us-east-1", null, () => emulator.Url), Template, new Dictionary<string, string>(), Token);

        Assert.NotNull(warning);
        Assert.Contains("could not be read", warning, StringComparison.Ordinal);
        Assert.Contains("needs 5 vCPUs to roll out and 14.5 at its most tasks", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACertificateMustBeIssuedAndNameTheWebOriginsHost()
    {
        using var http = new HttpClient();
        var target = new AwsTarget("us-east-1", null, () => emulator.Url);
        var issued = await ImportCertificateAsync("photos.example.com");
        var requested = (await AwsCli.JsonAsync(emulator.Url, Token, "acm", "request-certificate", "--domain-name", "pending.example.com", "--validation-method", "DNS"))["CertificateArn"]!.GetValue<string>();

        await DeployPreflight.CheckCertificateAsync(http, target, Parameters(issued, "https://photos.example.com"), Token);
        var otherHost = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DeployPreflight.CheckCertificateAsync(http, target, Parameters(issued, "https://drinks.example.com"), Token));
        var pending = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DeployPreflight.CheckCertificateAsync(http, target, Parameters(requested, "https://pending.example.com"), Token));

        Assert.Contains("is for photos.example.com, not for drinks.example.com", otherHost.Message, StringComparison.Ordinal);
        Assert.Contains("is PENDING_VALIDATION, not ISSUED", pending.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Parameters(string certificateArn, string webOrigin) =>
        new() { ["CertificateArn"] = certificateArn, ["WebOrigin"] = webOrigin };

    /// <summary>A self-signed certificate for <paramref name="host"/>, imported (ACM marks imported ones ISSUED).</summary>
    private async Task<string> ImportCertificateAsync(string host)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            $"CN={host}", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var directory = Directory.CreateTempSubdirectory("certificate-");
        try
        {
            var certificatePath = Path.Combine(directory.FullName, "certificate.pem");
            var keyPath = Path.Combine(directory.FullName, "key.pem");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem(), Token);
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), Token);
            var imported = await AwsCli.JsonAsync(emulator.Url, Token, "acm", "import-certificate",
                "--certificate", $"fileb://{certificatePath}", "--private-key", $"fileb://{keyPath}");
            return imported["CertificateArn"]!.GetValue<string>();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<List<string>> ServiceLinkedRolesAsync()
    {
        var roles = await AwsCli.JsonAsync(emulator.Url, Token, "iam", "list-roles", "--path-prefix", "/aws-service-role/ecs.amazonaws.com/");
        return [.. roles["Roles"]!.AsArray().Select(role => role!["RoleName"]!.GetValue<string>())];
    }

    private CloudFormationApi Api => new(new HttpClient(), new AwsTarget("us-east-1", null, () => emulator.Url));

    private StackDeployer Deployer => new(Api, NullLogger.Instance, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2));

    private async Task<StackPlan> PlanAsync(string stack, string templateBody, IReadOnlyDictionary<string, string> given)
    {
        var api = Api;
        var parameters = CloudDeployment.ParametersFor(await api.DescribeStackAsync(stack, Token), Template, given);
        return await new StackPlanner(api, api, NullLogger.Instance, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1))
            .PlanAsync(stack, templateBody, parameters, Token);
    }
}
