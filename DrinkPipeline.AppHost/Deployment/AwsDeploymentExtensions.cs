using System.Globalization;
using Aspire.Hosting.Pipelines;
using DrinkPipeline.AppHost;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.AppHost.Deployment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// The pipeline API is marked for evaluation in Aspire 13.6; it is what `aspire deploy` runs.
#pragma warning disable ASPIREPIPELINES001

namespace Aspire.Hosting;

/// <summary>
/// The AppHost's deploy mode: <c>dotnet run --project DrinkPipeline.AppHost -- --operation publish --step deploy</c>
/// (what <c>aspire deploy</c> runs) puts the application on AWS with the developer's credentials. See docs/deploy.md.
/// </summary>
public static class AwsDeploymentExtensions
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    // Creating a NAT gateway, two load balancers and three services that must become healthy takes a while.
    private static readonly TimeSpan DeployTimeout = TimeSpan.FromMinutes(45);

    private static readonly TimeSpan PlanTimeout = TimeSpan.FromMinutes(5);

    /// <param name="builder">The AppHost being built in publish mode.</param>
    /// <param name="templatePath">The stack's template, relative to the AppHost.</param>
    /// <param name="projectPaths">Each service's project (Api, Worker, Web), whose container image is published.</param>
    public static IDistributedApplicationBuilder AddAwsDeployment(
        this IDistributedApplicationBuilder builder, string templatePath, IReadOnlyDictionary<string, string> projectPaths)
    {
        var configuration = builder.Configuration;
        var template = CloudFormationTemplate.Load(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, templatePath)));
        builder.Pipeline.AddStep("deploy-aws", async context =>
        {
            try
            {
                var (region, target, stackName) = Where(configuration);
                var parameters = GivenParameters(configuration);
                using var http = new HttpClient();
                var cloudFormation = new CloudFormationApi(http, target);
                var (identity, _) = await PreflightAsync(http, cloudFormation, region, target, stackName, template, parameters, deploying: true, context.Logger, context.CancellationToken);
                context.Logger.LogDeployTarget(stackName, identity.Region, identity.RegionSource, identity.Caller, identity.Account);

                // A new tag per deploy: the repositories refuse to overwrite one (immutable tags).
                var tag = configuration["Deploy:ImageTag"] ?? DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

                var deployment = new CloudDeployment(
                    cloudFormation,
                    new StackDeployer(cloudFormation, context.Logger, PollInterval, DeployTimeout),
                    new EcrLogin(http, target),
                    new DotnetContainerPublisher(context.Logger),
                    context.Logger);
                var outputs = await deployment.DeployAsync(stackName, template, parameters, projectPaths, tag, context.CancellationToken);

                context.Summary.Add("Stack", $"{stackName} ({target.Region})");
                context.Summary.Add("Images", tag);
                if (outputs.TryGetValue("WebUrl", out var webUrl))
                {
                    context.Summary.Add("Web", webUrl);
                    context.Logger.LogDeployed(stackName, webUrl);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The pipeline logs the failure but the process would still exit 0; a deploy command must not.
                Environment.ExitCode = 1;
                throw;
            }
        }, requiredBy: WellKnownPipelineSteps.Deploy);

        // What a deploy would change, changing nothing: --step plan-aws (docs/deploy.md, "Plan").
        builder.Pipeline.AddStep("plan-aws", async context =>
        {
            try
            {
                var (region, target, stackName) = Where(configuration);
                using var http = new HttpClient();
                var cloudFormation = new CloudFormationApi(http, target);
                var (identity, parameters) = await PreflightAsync(
                    http, cloudFormation, region, target, stackName, template, GivenParameters(configuration), deploying: false, context.Logger, context.CancellationToken);
                context.Logger.LogPlanTarget(stackName, identity.Region, identity.RegionSource, identity.Caller, identity.Account);
                var plan = await new StackPlanner(cloudFormation, cloudFormation, context.Logger, PollInterval, PlanTimeout)
                    .PlanAsync(stackName, template.Body, parameters, context.CancellationToken);
                foreach (var change in plan.Changes)
                {
                    context.Logger.LogPlannedChange(change.Action, change.LogicalId, change.ResourceType, change.Replacement ?? "-");
                }

                context.Summary.Add("Plan", plan.Changes.Count == 0
                    ? $"{stackName} ({target.Region}): no changes"
                    : $"{stackName} ({target.Region}): {plan.Changes.Count} changes{(plan.IsNewStack ? ", new stack (data and repositories first; the compute follows the first images)" : "")}");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Environment.ExitCode = 1;
                throw;
            }
        });
        return builder;
    }

    /// <summary>
    /// Before anything is created: the stack name, who the credentials are, the certificate, the Fargate quota and
    /// ECS's service-linked role (a deploy creates it when missing; a plan only says so). Returns who, and the
    /// parameters a deploy would pass (the given ones over the stack's earlier ones), which were checked.
    /// </summary>
    private static async Task<(DeployIdentity Identity, Dictionary<string, string> Parameters)> PreflightAsync(
        HttpClient http, CloudFormationApi cloudFormation, AwsRegion region, AwsTarget target, string stackName, CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> given, bool deploying, ILogger logger, CancellationToken cancellationToken)
    {
        DeployPreflight.CheckStackName(stackName);
        var identity = await DeployPreflight.IdentifyAsync(http, target, region, cancellationToken);
        // What the deploy will pass: settings of earlier deploys count (a certificate given once stays).
        var parameters = CloudDeployment.ParametersFor(await cloudFormation.DescribeStackAsync(stackName, cancellationToken), template, given);
        DeployPreflight.CheckCertificateRegion(parameters, region.Name);
        await DeployPreflight.CheckCertificateAsync(http, target, parameters, cancellationToken);
        if (await DeployPreflight.CheckFargateQuotaAsync(http, target, template, parameters, cancellationToken) is { } quotaWarning)
        {
            logger.LogPreflightWarning(quotaWarning);
        }

        if (await DeployPreflight.EnsureEcsServiceLinkedRoleAsync(http, target, create: deploying, cancellationToken))
        {
            logger.LogEcsServiceLinkedRoleMissing(DeployPreflight.EcsServiceLinkedRole, deploying ? "created it" : "a deploy will create it");
        }

        return (identity, parameters);
    }

    /// <summary>The region (and where it came from), the credentials' target and the stack's name.</summary>
    private static (AwsRegion Region, AwsTarget Target, string StackName) Where(IConfiguration configuration)
    {
        var aws = configuration.GetSection("AWS");
        var region = AwsRegion.Resolve(aws["Region"], aws["Profile"]);
        return (region, new AwsTarget(region.Name, aws["Profile"], null), aws["StackName"] ?? "drink-pipeline");
    }

    /// <summary>Deploy:Parameters, and Alarms:Email as the AlarmEmail parameter.</summary>
    private static Dictionary<string, string> GivenParameters(IConfiguration configuration)
    {
        var parameters = configuration.GetSection("Deploy:Parameters").AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key, setting => setting.Value!, StringComparer.Ordinal);
        if (configuration["Alarms:Email"] is { Length: > 0 } alarmEmail)
        {
            parameters["AlarmEmail"] = alarmEmail;
        }

        return parameters;
    }
}
