using System.Diagnostics;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Polls for what the pipeline does asynchronously; fails the test with a message when it never happens.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, CancellationToken cancellationToken) =>
        await ValueAsync(async () => await condition() ? failure : null, timeout, failure, cancellationToken);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string failure, CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(clock.Elapsed < timeout, failure);
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
