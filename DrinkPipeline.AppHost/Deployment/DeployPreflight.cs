using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using DrinkPipeline.AppHost.CloudFormation;
using static DrinkPipeline.AppHost.CloudFormation.QueryXml;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>Who a deploy runs as, and where: told before anything is created.</summary>
public sealed record DeployIdentity(string Account, string Caller, string Region, string RegionSource);

/// <summary>
/// What a deploy checks before it creates anything, each with one clear message: a stack name AWS and the template
/// accept, credentials that work (account, caller, region and where the region came from), and a certificate in the
/// deploy's region, issued and naming the web origin's host, ECS's service-linked role (created by a deploy when
/// missing) and the Fargate vCPU quota against the stack's tasks.
/// </summary>
public static partial class DeployPreflight
{
    /// <summary>Refuses a stack name the template cannot use: it names the bucket (lower case) and two load balancers (32 characters with a suffix).</summary>
    public static void CheckStackName(string stackName)
    {
        if (!StackName().IsMatch(stackName))
        {
            throw new InvalidOperationException(
                $"The stack name '{stackName}' (AWS:StackName) must be 1 to 28 characters of lower-case letters, digits " +
                "and hyphens, starting with a letter: it names the bucket and the load balancers.");
        }
    }

    /// <summary>An ACM certificate serves a load balancer only in its own region.</summary>
    public static void CheckCertificateRegion(IReadOnlyDictionary<string, string> parameters, string region)
    {
        if (parameters.GetValueOrDefault("CertificateArn") is not { Length: > 0 } arn)
        {
            return;
        }

        var parts = arn.Split(':');
        if (parts is not [_, _, "acm", var certificateRegion, _, var resource, ..] || !resource.StartsWith("certificate/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"CertificateArn '{arn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).");
        }

        if (certificateRegion != region)
        {
            throw new InvalidOperationException(
                $"The certificate is in {certificateRegion} and the deploy goes to {region}: a load balancer can use a certificate " +
                $"of its own region only. Request or import one in {region}, or deploy to {certificateRegion} (--AWS:Region).");
        }
    }

    /// <summary>STS GetCallerIdentity: the credentials work, and for whom.</summary>
    public static async Task<DeployIdentity> IdentifyAsync(HttpClient http, AwsTarget target, AwsRegion region, CancellationToken cancellationToken)
    {
        XElement result;
        try
        {
            result = await new AwsQueryClient(http, target, "sts", "2011-06-15").CallAsync("GetCallerIdentity", [], cancellationToken);
        }
        catch (AwsQueryException exception)
        {
            throw new InvalidOperationException(
                $"The AWS credentials were refused ({exception.Message}). Sign in again (aws sso login, or new keys) or choose a profile (--AWS:Profile).",
                exception);
        }

        var identity = Descendant(result, "GetCallerIdentityResult")!;
        return new DeployIdentity(Child(identity, "Account") ?? "?", Child(identity, "Arn") ?? "?", region.Name, region.Source);
    }

    /// <summary>The role ECS places tasks with. A fresh account has none until something creates it.</summary>
    public const string EcsServiceLinkedRole = "AWSServiceRoleForECS";

    /// <summary>
    /// Whether the account has ECS's service-linked role; when it has not and <paramref name="create"/> is set (a
    /// deploy; a plan only reports), creates it: without it the first CreateService fails ("Unable to assume the
    /// service linked role") and the stack rolls back after ~15 minutes. Returns whether it was missing.
    /// </summary>
    public static async Task<bool> EnsureEcsServiceLinkedRoleAsync(HttpClient http, AwsTarget target, bool create, CancellationToken cancellationToken)
    {
        var iam = AwsQueryClient.Global(http, target, "iam", "2010-05-08");
        try
        {
            await iam.CallAsync("GetRole", [new("RoleName", EcsServiceLinkedRole)], cancellationToken);
            return false;
        }
        catch (AwsQueryException exception) when (exception.Code == "NoSuchEntity")
        {
        }

        if (create)
        {
            try
            {
                await iam.CallAsync("CreateServiceLinkedRole", [new("AWSServiceName", "ecs.amazonaws.com")], cancellationToken);
            }
            catch (AwsQueryException exception) when (exception.Code == "EntityAlreadyExists"
                || (exception.Code == "InvalidInput" && exception.Message.Contains("has been taken", StringComparison.Ordinal)))
            {
                // Made meanwhile by someone else: what was needed exists.
            }
            catch (AwsQueryException exception)
            {
                throw new InvalidOperationException(
                    $"The account has no {EcsServiceLinkedRole} and it could not be created ({exception.Message}). Create it once with " +
                    "'aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com' as an administrator.", exception);
            }
        }

        return true;
    }

    /// <summary>Service Quotas' code of "Fargate On-Demand vCPU resource count" (per account and region).</summary>
    public const string FargateVcpuQuota = "L-3032A538";

    /// <summary>
    /// The Fargate vCPUs the stack asks for: at its fewest tasks while a rollout doubles them (each service's
    /// deployment may run 200 %), and at its most tasks.
    /// </summary>
    public static (double Rollout, double Busiest) FargateVcpusNeeded(CloudFormationTemplate template, IReadOnlyDictionary<string, string> parameters)
    {
        double Setting(string name) => double.Parse(
            parameters.GetValueOrDefault(name) ?? template.Root["Parameters"]![name]!["Default"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        double rollout = 0, busiest = 0;
        foreach (var service in CloudDeployment.Services)
        {
            var vcpus = double.Parse(template.Root["Resources"]![$"{service}TaskDefinition"]!["Properties"]!["Cpu"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) / 1024;
            rollout += 2 * Setting($"{service}MinTasks") * vcpus;
            busiest += Setting($"{service}MaxTasks") * vcpus;
        }

        return (rollout, busiest);
    }

    /// <summary>
    /// The account's Fargate vCPU quota in the region against <see cref="FargateVcpusNeeded"/>: refused when even the
    /// first rollout cannot fit; a warning (returned) when scaling out would stop short. Null when all fits, or when
    /// the quota cannot be read (also a warning).
    /// </summary>
    public static async Task<string?> CheckFargateQuotaAsync(
        HttpClient http, AwsTarget target, CloudFormationTemplate template, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var (rollout, busiest) = FargateVcpusNeeded(template, parameters);
        double quota;
        try
        {
            var answer = await new AwsJsonClient(http, target, "servicequotas", "servicequotas", "ServiceQuotasV20190624")
                .CallAsync("GetServiceQuota", new() { ["ServiceCode"] = "fargate", ["QuotaCode"] = FargateVcpuQuota }, cancellationToken);
            quota = answer["Quota"]!["Value"]!.GetValue<double>();
        }
        catch (AwsJsonException exception)
        {
            return $"The Fargate vCPU quota could not be read ({exception.Message}); the stack needs {rollout:0.##} vCPUs to roll out and {busiest:0.##} at its most tasks.";
        }

        if (quota < rollout)
        {
            throw new InvalidOperationException(
                $"The account's Fargate vCPU quota in {target.Region} is {quota:0.##}; a rollout of the fewest tasks needs {rollout:0.##}. " +
                $"Ask for more (Service Quotas, AWS Fargate, {FargateVcpuQuota}) or lower the *MinTasks parameters.");
        }

        return quota < busiest
            ? $"The account's Fargate vCPU quota in {target.Region} is {quota:0.##}; at its most tasks the stack would need {busiest:0.##}, so scaling out stops short. Ask for more (Service Quotas, AWS Fargate, {FargateVcpuQuota}) or lower the *MaxTasks parameters."
            : null;
    }

    /// <summary>A given certificate must be issued and name the web origin's host (or a wildcard over it).</summary>
    public static async Task CheckCertificateAsync(HttpClient http, AwsTarget target, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        if (parameters.GetValueOrDefault("CertificateArn") is not { Length: > 0 } arn)
        {
            return;
        }

        JsonNode certificate;
        try
        {
            certificate = (await new AwsJsonClient(http, target, "acm", "acm", "CertificateManager")
                .CallAsync("DescribeCertificate", new() { ["CertificateArn"] = arn }, cancellationToken))["Certificate"]!;
        }
        catch (AwsJsonException exception)
        {
            throw new InvalidOperationException($"The certificate {arn} could not be read ({exception.Message}).", exception);
        }

        var status = certificate["Status"]?.GetValue<string>();
        if (status != "ISSUED")
        {
            throw new InvalidOperationException(
                $"The certificate {arn} is {status}, not ISSUED: a load balancer cannot use it yet" +
                (status == "PENDING_VALIDATION" ? " (add the DNS record ACM asks for to validate it, then deploy again)." : "."));
        }

        var host = Uri.TryCreate(parameters.GetValueOrDefault("WebOrigin"), UriKind.Absolute, out var origin) ? origin.Host : null;
        var names = (certificate["SubjectAlternativeNames"] as JsonArray ?? [])
            .Select(name => name!.GetValue<string>())
            .Append(certificate["DomainName"]?.GetValue<string>() ?? "")
            .ToList();
        if (host is not null && !names.Any(name => Covers(name, host)))
        {
            throw new InvalidOperationException(
                $"The certificate {arn} is for {string.Join(", ", names.Distinct().Where(name => name.Length > 0))}, not for {host} (WebOrigin): browsers would refuse it.");
        }
    }

    private static bool Covers(string name, string host) =>
        string.Equals(name, host, StringComparison.OrdinalIgnoreCase)
        || (name.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
            && string.Equals(name[2..], host[(dot + 1)..], StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,27}$")]
    private static partial Regex StackName();
}
