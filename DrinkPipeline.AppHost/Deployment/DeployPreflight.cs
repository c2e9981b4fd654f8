using System.Text.RegularExpressions;
using System.Xml.Linq;
using DrinkPipeline.AppHost.CloudFormation;
using static DrinkPipeline.AppHost.CloudFormation.QueryXml;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>Who a deploy runs as, and where: told before anything is created.</summary>
public sealed record DeployIdentity(string Account, string Caller, string Region, string RegionSource);

/// <summary>
/// What a deploy checks before it creates anything, each with one clear message: a stack name AWS and the template
/// accept, credentials that work (account, caller, region and where the region came from), and a certificate in the
/// deploy's region, and ECS's service-linked role (created by a deploy when missing). Still to come (docs/deploy.md):
/// the Fargate vCPU quota and the certificate's status.
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

    [GeneratedRegex("^[a-z][a-z0-9-]{0,27}$")]
    private static partial Regex StackName();
}
