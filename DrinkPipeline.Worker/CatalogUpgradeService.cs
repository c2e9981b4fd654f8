using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Coordination;

namespace DrinkPipeline.Worker;

/// <summary>
/// Runs <see cref="CatalogUpgrade"/> once per stack, in the one worker copy that holds its lease; the others (and later
/// starts) see it done and do nothing. A failed pass is tried again at the next start.
/// </summary>
public sealed class CatalogUpgradeService(CatalogUpgrade upgrade, Leases leases, ILogger<CatalogUpgradeService> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await upgrade.IsDoneAsync(stoppingToken) ||
                !await leases.TryHoldAsync(CatalogUpgrade.Name, holder, TimeSpan.FromMinutes(30), stoppingToken))
            {
                return;
            }

            var (drinks, readyRecords) = await upgrade.RunAsync(stoppingToken);
            logger.CatalogUpgraded(drinks, readyRecords);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.CatalogUpgradeFailed(exception);
        }
    }
}
