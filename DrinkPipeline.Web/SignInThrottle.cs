using System.Net;
using System.Threading.RateLimiting;
using DrinkPipeline.Contracts;

namespace DrinkPipeline.Web;

/// <summary>
/// Sign-in attempts per visitor (an IPv4 address or an IPv6 /48, <see cref="ClientGroups"/>): <see cref="PerWindow"/> a
/// minute on each web copy. Each attempt is a call to the API with a guessed key; the key is long (48 characters on
/// AWS), so this keeps a script from using the web app as a free oracle rather than making a guess likely.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int PerWindow = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(visitor =>
        RateLimitPartition.GetFixedWindowLimiter(visitor, _ => new FixedWindowRateLimiterOptions { PermitLimit = PerWindow, Window = Window, QueueLimit = 0 }));

    /// <summary>True when the visitor at <paramref name="address"/> may try once more now.</summary>
    public bool TryAttempt(IPAddress? address)
    {
        using var lease = limiter.AttemptAcquire(ClientGroups.Of(address?.ToString() ?? "unknown"));
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
