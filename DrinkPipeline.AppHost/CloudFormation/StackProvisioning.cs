using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// Deploys a stack resource when the app starts: waits for what it depends on, creates or updates the stack, applies what
/// the emulator skips, publishes the outputs, and (locally) starts the emulator watcher.
/// </summary>
internal static class StackProvisioning
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan CloudDeployTimeout = TimeSpan.FromMinutes(30);

    // The emulator deploys in seconds, and a failed resource leaves its stack in progress for ever.
    private static readonly TimeSpan EmulatorDeployTimeout = TimeSpan.FromMinutes(2);

    public static async Task DeployOnStartAsync(CloudFormationStackResource resource, InitializeResourceEvent evt, CancellationToken cancellationToken)
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
                _ = Task.Run(() => EmulatorStackWatcher.WatchAsync(resource, target, parameters, notifications, logger, stopping), stopping);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogStackFailed(exception, resource.StackName);
            resource.SetFailed(exception);
            await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.FailedToStart });
        }
    }

    /// <summary>Creates or updates the stack, then (locally) applies what the emulator's CloudFormation skips.</summary>
    internal static async Task<DeployedStack> DeployStackAsync(
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
}
