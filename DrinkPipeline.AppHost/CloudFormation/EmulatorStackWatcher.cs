using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

internal static class EmulatorStackWatcher
{
    private static readonly TimeSpan EmulatorWatchInterval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The emulator keeps everything in memory: when it is restarted (the dashboard's Start, after a crash) the stack
    /// is gone. Watch it, and deploy the same stack again (same names, so the services' settings stay right) once it
    /// answers without it; the services then recover on their own.
    /// </summary>
    public static async Task WatchAsync(
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
                    await StackProvisioning.DeployStackAsync(resource, target, parameters, logger, stopping);
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
}
