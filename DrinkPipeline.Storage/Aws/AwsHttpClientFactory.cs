using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Amazon.Runtime;

namespace DrinkPipeline.Aws;

/// <summary>
/// The SDK clients' HTTP: every attempt (the SDK retries above this handler) is counted by service and outcome, so
/// throttling and transient errors show in metrics, and tests can inject faults here. The <c>app</c> tag ("api",
/// "worker") is there because CloudWatch sees no resource attributes: requests per photo are broken down by it.
/// </summary>
public sealed class AwsHttpClientFactory(Meter meter, FaultInjectionOptions faults, string app) : HttpClientFactory
{
    private readonly Counter<long> attempts = meter.CreateCounter<long>(
        "drinkpipeline.aws.attempts", "{attempt}", "HTTP attempts of the AWS SDK clients, by app, service, operation and outcome (ok, throttled, client_error, server_error).");

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var pathStyle = clientConfig is Amazon.S3.AmazonS3Config { ForcePathStyle: true };
        var handler = new AttemptHandler(app, clientConfig.AuthenticationServiceName ?? "aws", pathStyle, attempts, faults)
        {
            // As the SDK's own client: S3 redirects are the SDK's to follow, not the handler's.
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false },
        };
        return new HttpClient(handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "drinkpipeline:" + clientConfig.AuthenticationServiceName;

    private sealed class AttemptHandler(string app, string service, bool pathStyle, Counter<long> attempts, FaultInjectionOptions faults) : DelegatingHandler
    {
        private readonly HashSet<string> throttledOnce = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await InjectedFaultAsync(request, cancellationToken) ?? await base.SendAsync(request, cancellationToken);
            attempts.Add(
                1,
                new KeyValuePair<string, object?>("app", app),
                new KeyValuePair<string, object?>("service", service),
                new KeyValuePair<string, object?>("operation", AwsOperation.Of(service, pathStyle, request.Method, request.RequestUri, request.Headers)),
                new KeyValuePair<string, object?>("outcome", await OutcomeAsync(response, cancellationToken)));
            return response;
        }

        private static async Task<string> OutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var status = (int)response.StatusCode;
            if (status is 429 or 503)
            {
                return "throttled";
            }

            if (status == 400 && response.Content is not null)
            {
                // DynamoDB and SQS throttle with a 400 whose body names the error.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (body.Contains("Throttl", StringComparison.Ordinal) || body.Contains("ProvisionedThroughputExceeded", StringComparison.Ordinal))
                {
                    return "throttled";
                }
            }

            return status switch
            {
                < 400 => "ok",
                < 500 => "client_error",
                _ => "server_error",
            };
        }

        private async Task<HttpResponseMessage?> InjectedFaultAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!faults.Any)
            {
                return null;
            }

            if (service == "s3" && request.Method == HttpMethod.Get && faults.FailS3ReadsOfKeysContaining is { Length: > 0 } key &&
                request.RequestUri?.AbsolutePath.Contains(key, StringComparison.Ordinal) == true)
            {
                return Error(HttpStatusCode.InternalServerError, "application/xml",
                    "<Error><Code>InternalError</Code><Message>Injected by FaultInjection.</Message></Error>");
            }

            if (service == "dynamodb" && faults.ThrottleDynamoDbRequestsContaining is { Length: > 0 } marker && request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                bool first;
                lock (throttledOnce)
                {
                    first = body.Contains(marker, StringComparison.Ordinal) && throttledOnce.Add(body);
                }

                if (first)
                {
                    return Error(HttpStatusCode.BadRequest, "application/x-amz-json-1.0",
                        """{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"Injected by FaultInjection."}""");
                }
            }

            return null;
        }

        private static HttpResponseMessage Error(HttpStatusCode status, string mediaType, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
    }
}
