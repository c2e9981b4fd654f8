using System.Collections.Concurrent;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>
/// Open event streams per client on this web copy, at most <see cref="UploadEventsOptions.StreamsPerClient"/>. A client
/// is an IPv4 address or an IPv6 /48 (<see cref="ClientGroups"/>): one line's many addresses do not buy more streams.
/// </summary>
public sealed class StreamAdmission(IOptions<UploadEventsOptions> options)
{
    private readonly ConcurrentDictionary<string, int> open = new(StringComparer.Ordinal);

    /// <summary>A place for one more stream of <paramref name="clientAddress"/>, given back on dispose; null when it has all of its.</summary>
    public IDisposable? TryAdmit(string clientAddress)
    {
        var client = ClientGroups.Of(clientAddress);
        while (true)
        {
            var current = open.GetOrAdd(client, 0);
            if (current >= options.Value.StreamsPerClient)
            {
                return null;
            }

            if (open.TryUpdate(client, current + 1, current))
            {
                return new Place(this, client);
            }
        }
    }

    private void Release(string client)
    {
        while (true)
        {
            var current = open[client];
            if (current == 1 ? open.TryRemove(new KeyValuePair<string, int>(client, 1)) : open.TryUpdate(client, current - 1, current))
            {
                return;
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
