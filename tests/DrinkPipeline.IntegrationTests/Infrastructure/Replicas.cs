using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The copies of a service. With replicas a resource name stands for several instances, and waiting on the name ends
/// when any one of them is healthy; tests that need all of them, or one in particular, go by instance id.
/// </summary>
public static class Replicas
{
    /// <summary>Waits until <paramref name="count"/> instances of <paramref name="resource"/> are healthy; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> WaitForHealthyAsync(DistributedApplication app, string resource, int count, CancellationToken cancellationToken)
    {
        var healthy = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var update in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resource)
            {
                continue;
            }

            if (update.Snapshot.HealthStatus == HealthStatus.Healthy && update.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                healthy.Add(update.ResourceId);
            }
            else
            {
                healthy.Remove(update.ResourceId);
            }

            if (healthy.Count == count)
            {
                break;
            }
        }

        return [.. healthy.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Kills an instance as a crash would. The process Aspire watches is <c>dotnet run</c>, with the service as its
    /// child: killing only that process leaves the service running, orphaned, so the whole tree goes.
    /// </summary>
    public static void Kill(DistributedApplication app, string instanceId)
    {
        using var process = System.Diagnostics.Process.GetProcessById(ProcessId(app, instanceId));
        process.Kill(entireProcessTree: true);
    }

    private static int ProcessId(DistributedApplication app, string instanceId)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(instanceId, out var state), $"No resource instance {instanceId}.");
        var pid = state!.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }
}
