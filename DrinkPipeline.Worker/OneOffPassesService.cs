using DrinkPipeline.Storage.Coordination;

namespace DrinkPipeline.Worker;

/// <summary>
/// Runs each <see cref="OneOffPass"/> once per stack, in order, in the one worker copy that holds its lease; the others
/// (and later starts) see it done and do nothing. A failed pass is tried again at the next start.
/// </summary>
public sealed class OneOffPassesService(IEnumerable<OneOffPass> passes, Leases leases, ILogger<OneOffPassesService> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var pass in passes)
        {
            try
            {
                if (await pass.IsDoneAsync(stoppingToken) ||
                    !await leases.TryHoldAsync(pass.Name, holder, TimeSpan.FromMinutes(30), stoppingToken))
                {
                    continue;
                }

                logger.PassDone(pass.Name, await pass.RunAsync(stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.PassFailed(exception, pass.Name);
            }
        }
    }
}
