using System.Collections.Concurrent;
using System.Net;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// A minimal OTLP/HTTP endpoint the services export to during tests. It keeps each request's protobuf body as
/// received; tests look for the bytes they know (a trace id, a span name) rather than decoding the protobuf.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<byte[]> traces = new();
    private readonly ConcurrentQueue<byte[]> metrics = new();

    public OtlpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public IEnumerable<byte[]> TracePayloads => traces;

    public IEnumerable<byte[]> MetricPayloads => metrics;

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/v1/traces":
                    traces.Enqueue(body.ToArray());
                    break;
                case "/v1/metrics":
                    metrics.Enqueue(body.ToArray());
                    break;
            }

            // An empty protobuf message is a valid export response.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
