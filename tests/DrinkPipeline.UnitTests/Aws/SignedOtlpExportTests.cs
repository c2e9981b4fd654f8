using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using DrinkPipeline.Aws;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace DrinkPipeline.UnitTests.Aws;

/// <summary>
/// The emulator cannot receive OTLP, so a local listener takes the X-Ray export and checks its SigV4 signature with
/// an independent implementation of the algorithm (AWS's documented HMAC chain), and its payload.
/// </summary>
public sealed class SignedOtlpExportTests : IDisposable
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(HttpListenerRequest Request, byte[] Body)> received = new();
    private readonly string endpoint;

    public SignedOtlpExportTests()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(endpoint + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    received.Enqueue((context.Request, body.ToArray()));
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    [Fact]
    public void TraceExportIsSigV4SignedForXRayOverTheExactPayload()
    {
        using var source = new ActivitySource("SignedOtlpExportTests");
        var exporter = AwsOtlpExport.CreateTraceExporter(new Uri(endpoint + "/v1/traces"), "eu-west-1",
            () => new ImmutableCredentials(AccessKey, SecretKey, "session-token"));
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(source.Name)
            .AddProcessor(new SimpleActivityExportProcessor(exporter)).Build())
        {
            using var activity = source.StartActivity("signed span");
        }

        var (request, body) = Assert.Single(received);
        Assert.Equal("/v1/traces", request.Url!.AbsolutePath);
        Assert.True(body.AsSpan().IndexOf("signed span"u8) >= 0, "The span is not in the payload.");
        Assert.Equal("session-token", request.Headers["X-Amz-Security-Token"]);
        var authorization = request.Headers["Authorization"]!;
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", authorization);
        Assert.Contains("/eu-west-1/xray/aws4_request", authorization);
        Assert.Equal(ExpectedSignature(request, body), authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..]);
    }

    [Fact]
    public void LogExportIsSigV4SignedForCloudWatchLogsAndNamesTheLogGroup()
    {
        var exporter = AwsOtlpExport.CreateLogExporter(new Uri(endpoint + "/v1/logs"), "eu-west-1",
            () => new ImmutableCredentials(AccessKey, SecretKey, null), "/drink-pipeline/test", "worker");
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
            options.AddProcessor(new SimpleLogRecordExportProcessor(exporter)))))
        {
            factory.CreateLogger("Test").SignedLine();
        }

        var (request, body) = Assert.Single(received);
        Assert.Equal("/v1/logs", request.Url!.AbsolutePath);
        Assert.True(body.AsSpan().IndexOf("a signed log line"u8) >= 0, "The log line is not in the payload.");
        Assert.Equal(("/drink-pipeline/test", "worker"), (request.Headers["x-aws-log-group"], request.Headers["x-aws-log-stream"]));
        var authorization = request.Headers["Authorization"]!;
        Assert.Contains("/eu-west-1/logs/aws4_request", authorization);
        Assert.Equal(ExpectedSignature(request, body), authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..]);
    }

    [Fact]
    public void ATamperedPayloadWouldNotMatchTheSignature()
    {
        using var source = new ActivitySource("SignedOtlpExportTests.Tamper");
        var exporter = AwsOtlpExport.CreateTraceExporter(new Uri(endpoint + "/v1/traces"), "eu-west-1",
            () => new ImmutableCredentials(AccessKey, SecretKey, null));
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(source.Name)
            .AddProcessor(new SimpleActivityExportProcessor(exporter)).Build())
        {
            using var activity = source.StartActivity("another span");
        }

        var (request, body) = Assert.Single(received);
        var tampered = body.ToArray();
        tampered[^1] ^= 0xFF;

        var authorization = request.Headers["Authorization"]!;
        Assert.NotEqual(ExpectedSignature(request, tampered), authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..]);
    }

    public void Dispose() => listener.Close();

    /// <summary>SigV4 computed from the received request alone, following AWS's specification step by step.</summary>
    private static string ExpectedSignature(HttpListenerRequest request, byte[] body)
    {
        var authorization = request.Headers["Authorization"]!;
        var scope = authorization.Split("Credential=")[1].Split(',')[0].Split('/'); // AKID/date/region/service/aws4_request
        var signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0];
        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(name => $"{name}:{request.Headers[name]!.Trim()}\n"));
        var canonicalRequest = $"{request.HttpMethod}\n{request.Url!.AbsolutePath}\n\n{canonicalHeaders}\n{signedHeaders}\n{Hex(SHA256.HashData(body))}";
        var amzDate = request.Headers["X-Amz-Date"]!;
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope[1]}/{scope[2]}/{scope[3]}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + SecretKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

internal static partial class SignedOtlpExportTestsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "a signed log line")]
    public static partial void SignedLine(this ILogger logger);
}
