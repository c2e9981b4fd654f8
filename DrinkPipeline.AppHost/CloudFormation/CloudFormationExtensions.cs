using System.Collections.Immutable;
using DrinkPipeline.AppHost.CloudFormation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Hosting API for CloudFormation stacks, shaped like Aspire.Hosting.AWS (not available to this project):
/// <c>AddCloudFormationTemplate</c>, then <c>WithReference(stack)</c> on each service that needs its outputs.
/// </summary>
public static class CloudFormationExtensions
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CloudDeployTimeout = TimeSpan.FromMinutes(30);

    // The emulator deploys in seconds, and a failed resource leaves its stack in progress for ever.
    private static readonly TimeSpan EmulatorDeployTimeout = TimeSpan.FromMinutes(2);

    public static IResourceBuilder<CloudFormationStackResource> AddCloudFormationTemplate(
        this IDistributedApplicationBuilder builder, string name, string templatePath, string stackName)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, templatePath));
        var resource = new CloudFormationStackResource(name, CloudFormationTemplate.Load(fullPath), stackName);

        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CloudFormationStack",
                State = KnownResourceStates.NotStarted,
                Properties = [new("aws.cloudformation.stack", stackName), new("aws.cloudformation.template", templatePath)],
            })
            .OnInitializeResource(DeployOnStartAsync);
    }

    public static IResourceBuilder<CloudFormationStackResource> WithParameter(
        this IResourceBuilder<CloudFormationStackResource> builder, string name, string value)
    {
        builder.Resource.Parameters[name] = value;
        return builder;
    }

    /// <summary>A parameter filled from an endpoint's URL once the app has allocated it (e.g. the web origin).</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithParameter(
        this IResourceBuilder<CloudFormationStackResource> builder, string name, EndpointReference endpoint)
    {
        builder.Resource.Parameters[name] = endpoint;
        return builder;
    }

    /// <summary>Deploys to the emulator resource (local mode), after it is healthy.</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithEmulator(
        this IResourceBuilder<CloudFormationStackResource> builder, IResourceBuilder<ExecutableResource> emulator, string region)
    {
        var endpoint = emulator.GetEndpoint("http");
        // 127.0.0.1 rather than the endpoint's "localhost": the emulator binds IPv4 only, and the name lookup is slower.
        builder.Resource.Target = new AwsTarget(region, null, () => $"http://127.0.0.1:{endpoint.Port}");
        return builder.WaitFor(emulator);
    }

    /// <summary>Deploys to real AWS with the given region and (optionally) a named credentials profile.</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithCloudTarget(
        this IResourceBuilder<CloudFormationStackResource> builder, string region, string? profile)
    {
        builder.Resource.Target = new AwsTarget(region, profile, null);
        return builder;
    }

    /// <summary>
    /// Gives a service the stack's outputs as <c>AWS__Resources__{OutputKey}</c> and where to reach AWS
    /// (<c>AWS__Region</c>, and in local mode <c>AWS__ServiceURL</c> and the emulator's credentials).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack)
        where T : IResourceWithEnvironment =>
        builder.WithStackEnvironment(stack.Resource, _ => true);

    /// <summary>
    /// Like <see cref="WithReference{T}"/>, but only the named outputs: for a service that must not learn the rest
    /// (the web app talks to the API, never to the tables or the queue).
    /// </summary>
    public static IResourceBuilder<T> WithStackOutputs<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack, params string[] outputKeys)
        where T : IResourceWithEnvironment =>
        builder.WithStackEnvironment(stack.Resource, outputKeys.Contains);

    /// <summary>
    /// Makes the service assume its own IAM role: <c>AWS__RoleArn</c> from the stack output <paramref name="roleOutputKey"/>.
    /// </summary>
    public static IResourceBuilder<T> WithStackRole<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack, string roleOutputKey)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(async context =>
        {
            var deployed = await stack.Resource.Deployed.WaitAsync(context.CancellationToken);
            context.EnvironmentVariables["AWS__RoleArn"] = deployed.Outputs[roleOutputKey];
        });

    private static IResourceBuilder<T> WithStackEnvironment<T>(this IResourceBuilder<T> builder, CloudFormationStackResource resource, Func<string, bool> outputs)
        where T : IResourceWithEnvironment =>
        builder
            .WithReferenceRelationship(resource)
            .WithEnvironment(async context =>
            {
                var deployed = await resource.Deployed.WaitAsync(context.CancellationToken);
                foreach (var (key, value) in deployed.Outputs.Where(output => outputs(output.Key)))
                {
                    context.EnvironmentVariables[$"AWS__Resources__{key}"] = value;
                }

                var target = resource.Target!;
                context.EnvironmentVariables["AWS__Region"] = target.Region;
                if (target.EmulatorUrl is { } url)
                {
                    context.EnvironmentVariables["AWS__ServiceURL"] = url();
                    context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = AwsTarget.EmulatorAccessKey;
                    context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = AwsTarget.EmulatorSecretKey;
                }
                else if (target.Profile is { Length: > 0 } profile)
                {
                    context.EnvironmentVariables["AWS_PROFILE"] = profile;
                }
            });

    private static readonly TimeSpan EmulatorWatchInterval = TimeSpan.FromSeconds(3);

    /// <summary>Creates or updates the stack, then (locally) applies what the emulator's CloudFormation skips.</summary>
    private static async Task<DeployedStack> DeployStackAsync(
        CloudFormationStackResource resource,
        AwsTarget target,
        IReadOnlyDictionary<string, string> parameters,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var api = new CloudFormationApi(http, target);
        ComputeGuard.EnsureNotRemovingCompute(resource.StackName, await api.DescribeStackAsync(resource.StackName, cancellationToken), parameters);
        var description = await new StackDeployer(api, logger, PollInterval, target.IsLocal ? EmulatorDeployTimeout : CloudDeployTimeout)
            .DeployAsync(resource.StackName, resource.Template.Body, parameters, cancellationToken);
        var deployed = new DeployedStack(
            resource.StackName,
            target.Region,
            parameters,
            description.Outputs,
            await api.DescribeStackResourcesAsync(resource.StackName, cancellationToken));

        if (target.IsLocal)
        {
            await new EmulatorGapFiller(resource.Template, target, http, logger).ApplyAsync(deployed, cancellationToken);
        }

        foreach (var step in resource.AfterDeploy)
        {
            await step(deployed, target, logger, cancellationToken);
        }

        return deployed;
    }

    /// <summary>
    /// The emulator keeps everything in memory: when it is restarted (the dashboard's Start, after a crash) the stack
    /// is gone. Watch it, and deploy the same stack again (same names, so the services' settings stay right) once it
    /// answers without it; the services then recover on their own.
    /// </summary>
    private static async Task WatchEmulatorAsync(
        CloudFormationStackResource resource,
        AwsTarget target,
        IReadOnlyDictionary<string, string> parameters,
        ResourceNotificationService notifications,
        ILogger logger,
        CancellationToken stopping)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var api = new CloudFormationApi(http, target);
        var healthy = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(EmulatorWatchInterval, stopping);
                var redeployed = false;
                if (await api.DescribeStackAsync(resource.StackName, stopping) is null)
                {
                    logger.LogRedeploying(resource.StackName);
                    await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.Starting });
                    await DeployStackAsync(resource, target, parameters, logger, stopping);
                    redeployed = true;
                }

                if (!healthy || redeployed)
                {
                    logger.LogStackBack(resource.StackName);
                    await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.Running });
                }

                healthy = true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or AwsQueryException or InvalidOperationException)
            {
                if (healthy)
                {
                    logger.LogEmulatorDown(resource.StackName);
                    await notifications.PublishUpdateAsync(resource, state => state with { State = new ResourceStateSnapshot("Emulator down", KnownResourceStateStyles.Warn) });
                }

                healthy = false;
            }
        }
    }

    private static async Task DeployOnStartAsync(CloudFormationStackResource resource, InitializeResourceEvent evt, CancellationToken cancellationToken)
    {
        var logger = evt.Logger;
        var notifications = evt.Notifications;
        try
        {
            var target = resource.Target
                ?? throw new InvalidOperationException($"Stack resource '{resource.Name}' has no target: call WithEmulator or WithCloudTarget.");

            await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.Waiting });
            await notifications.WaitForDependenciesAsync(resource, cancellationToken);
            await notifications.PublishUpdateAsync(resource, state => state with
            {
                State = KnownResourceStates.Starting,
                StartTimeStamp = DateTime.UtcNow,
            });

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in resource.Parameters)
            {
                parameters[name] = value switch
                {
                    EndpointReference endpoint => endpoint.Url,
                    _ => value.ToString() ?? "",
                };
            }

            var deployed = await DeployStackAsync(resource, target, parameters, logger, cancellationToken);
            resource.SetDeployed(deployed);
            // Locally the emulator answers plain GETs, so a bucket is one click away from the dashboard.
            var links = target.EmulatorUrl is { } emulatorUrl
                ? deployed.Outputs.Where(output => output.Key.EndsWith("BucketName", StringComparison.Ordinal))
                    .Select(output => new UrlSnapshot($"{output.Key} listing", $"{emulatorUrl()}/{output.Value}", IsInternal: false))
                    .ToImmutableArray()
                : [];
            await notifications.PublishUpdateAsync(resource, state => state with
            {
                State = KnownResourceStates.Running,
                Urls = [.. state.Urls, .. links],
                Properties = [.. state.Properties, .. deployed.Outputs.Select(output => new ResourcePropertySnapshot($"output.{output.Key}", output.Value))],
            });

            if (target.IsLocal)
            {
                var stopping = evt.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = Task.Run(() => WatchEmulatorAsync(resource, target, parameters, notifications, logger, stopping), stopping);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogStackFailed(exception, resource.StackName);
            resource.SetFailed(exception);
            await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.FailedToStart });
        }
    }
}

internal static partial class CloudFormationLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The emulator does not answer; stack {StackName} will be deployed again when it is back if it is gone")]
    public static partial void LogEmulatorDown(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stack {StackName} is gone from the emulator (restarted, empty); deploying it again")]
    public static partial void LogRedeploying(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is back")]
    public static partial void LogStackBack(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deploying stack {StackName} failed")]
    public static partial void LogStackFailed(this ILogger logger, Exception exception, string stackName);
}
