using System.Net;
using System.Text;
using System.Threading.Channels;
using DrinkPipeline.Contracts;
using DrinkPipeline.Web;
using DrinkPipeline.Web.UploadOutcomes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests.Web;

/// <summary>Issue 21, item 4: a web copy reads a watched upload once per change, however many streams watch it.</summary>
public sealed class UploadOutcomeHubTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManyStreamsOnOneUploadShareEachReadAndEachGetsItsOutcome()
    {
        var api = new StubApi();
        using var services = Services(api);
        var hub = new UploadOutcomeHub(Options.Create(new OutcomePushOptions { Key = "push" }), services.GetRequiredService<IServiceScopeFactory>(), NullLogger<UploadOutcomeHub>.Instance);
        var uploadId = ObjectKeys.NewUploadId();
        var streams = Enumerable.Range(0, 40).Select(_ => Channel.CreateUnbounded<WatchedOutcome>()).ToList();

        var watching = streams.Select(stream => hub.Watch([uploadId], stream.Writer)).ToList();
        for (var i = 0; i < 100; i++)
        {
            hub.Notify(uploadId);
        }

        // Forty streams start, a hundred pushes arrive: one read under way, one more after it, no other.
        await api.WaitForReadsAsync(1);
        api.Release("pending");
        await api.WaitForReadsAsync(2);
        api.Release("ready");
        var outcomes = await Task.WhenAll(streams.Select(stream => stream.Reader.ReadAsync(Token).AsTask()));

        Assert.Equal(2, api.Reads);
        Assert.All(outcomes, outcome => Assert.Equal(new UploadWatchEvent("ready", null, "https://photos.test/thumbnail.webp"), outcome.Data));
        watching.ForEach(watch => watch.Dispose());
        hub.Notify(uploadId);
        Assert.Equal(2, api.Reads);
    }

    private static ServiceProvider Services(StubApi api)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new ClientForwardingOptions()));
        services.AddHttpClient<DrinkApiClient>(client => client.BaseAddress = new Uri("http://api.test")).ConfigurePrimaryHttpMessageHandler(() => api);
        return services.BuildServiceProvider();
    }

    /// <summary>Answers each upload read with the status it is released with, one read at a time.</summary>
    private sealed class StubApi : HttpMessageHandler
    {
        private readonly Channel<string> answers = Channel.CreateUnbounded<string>();
        private int reads;

        public int Reads => reads;

        public void Release(string status) => answers.Writer.TryWrite(status);

        public async Task WaitForReadsAsync(int count)
        {
            while (Volatile.Read(ref reads) < count)
            {
                await Task.Delay(10, Token);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            var status = await answers.Reader.ReadAsync(cancellationToken);
            var uploadId = request.RequestUri!.Segments[^1];
            var thumbnail = status == "ready" ? "\"https://photos.test/thumbnail.webp\"" : "null";
            var body = $$"""{"uploadId":"{{uploadId}}","status":"{{status}}","barName":"B","drinkName":"D","objectKey":"uploads/B/D/{{uploadId}}.jpg","createdAt":"2026-12-06T12:00:00Z","updatedAt":"2026-12-06T12:00:00Z","thumbnailUrl":{{thumbnail}}}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
