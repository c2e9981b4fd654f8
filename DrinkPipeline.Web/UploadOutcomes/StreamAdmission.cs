using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>
/// Open event streams per client on this web copy, at most <see cref="UploadEventsOptions.StreamsPerClient"/>. A client
/// is an IPv4 address or an IPv6 /48 (<see cref="ClientGroups"/>): one line's many addresses do not buy more streams.
/// </summary>
public sealed class StreamAdmission(IOptions<UploadEventsOptions> options)
{
    private readonly Dictionary<string, int> open = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>A place for one more stream of <paramref name="clientAddress"/>, given back on dispose; null when it has all of its.</summary>
    public IDisposable? TryAdmit(string clientAddress)
    {
        var client = ClientGroups.Of(clientAddress);
        lock (gate)
        {
            var current = open.GetValueOrDefault(client);
            if (current >= options.Value.StreamsPerClient)
            {
                return null;
            }

            open[client] = current + 1;
        }

        return new Place(this, client);
    }

    private void Release(string client)
    {
        lock (gate)
        {
            if (--open[client] == 0)
            {
                open.Remove(client);
            }
        }
    }

    private sealed class Place(StreamAdmission admission, string client) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                admission.Release(client);
            }
        }
    }
}
