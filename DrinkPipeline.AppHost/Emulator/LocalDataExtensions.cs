using System.Net.Http.Json;

namespace Aspire.Hosting;

/// <summary>
/// Local data that survives a restart: the emulator keeps its S3 objects and DynamoDB items in a folder (see
/// <c>Emulator/local_data.py</c>), and the dashboard gets a command that empties them.
/// </summary>
public static class LocalDataExtensions
{
    public const string ResetCommand = "reset-local-data";

    /// <summary>
    /// Keeps the emulator's objects and items in <paramref name="folder"/>; with <paramref name="startEmpty"/> the folder is
    /// cleared first. "Reset local data" empties every bucket, table and queue but the objects under
    /// <paramref name="keepPrefixes"/> (what the app needs to run rather than what users made, such as its key ring).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithLocalData(
        this IResourceBuilder<ExecutableResource> emulator, string folder, bool startEmpty, params string[] keepPrefixes)
    {
        emulator.WithArgs("--data-dir", folder);
        if (startEmpty)
        {
            emulator.WithArgs("--start-empty");
        }

        var endpoint = emulator.GetEndpoint("http");
        var query = string.Join('&', keepPrefixes.Select(prefix => "keep=" + Uri.EscapeDataString(prefix)));
        return emulator.WithCommand(
            ResetCommand,
            "Reset local data",
            async context =>
            {
                using var http = new HttpClient();
                using var response = await http.PostAsync(new Uri($"{endpoint.Url}/_local-data/reset?{query}"), null, context.CancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"The emulator answered {(int)response.StatusCode}.");
                }

                var removed = await response.Content.ReadFromJsonAsync<Removed>(context.CancellationToken);
                return CommandResults.Success($"Removed {removed?.Objects} objects and {removed?.Items} items; queues emptied.");
            },
            new CommandOptions
            {
                Description = $"Delete every photo, drink, bar and upload status, here and in {folder}.",
                IconName = "Delete",
                ConfirmationMessage = "Delete all local photos, drinks, bars and upload statuses?",
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
    }

    private sealed record Removed(int Objects, int Items);
}
