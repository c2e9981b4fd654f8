using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace DrinkPipeline.Web;

/// <summary>
/// The API client's own resilience, in place of the standard handler every other client gets. The standard one
/// retries a 429 (honouring its Retry-After) and counts 4xx answers as failures: one visitor over the report limit
/// held a request ~9 s, and a burst of them opened the circuit breaker for every visitor. Here an answer the API meant
/// (any 4xx, 429 included) goes straight back to the page; only a GET is retried, and only on a fault of the API
/// itself (no answer, a timeout, a 5xx), which is also all the circuit breaker counts.
/// </summary>
public static class ApiResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        // The standard handler's timeouts (30 s in all, 10 s an attempt): a slow API is not a failed one.
        pipeline.AddTimeout(TimeSpan.FromSeconds(30));
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(IsApiFault(args.Outcome)),
        };
        // POST and DELETE are not retried: a report or a presign sent twice is not the same as once.
        retry.DisableForUnsafeHttpMethods();
        pipeline.AddRetry(retry);
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { ShouldHandle = args => ValueTask.FromResult(IsApiFault(args.Outcome)) });
        pipeline.AddTimeout(TimeSpan.FromSeconds(10));
    }

    /// <summary>No answer, a timeout, or a server error: never an answer about the request itself (4xx).</summary>
    public static bool IsApiFault(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: var status } => (int)status >= 500 || status == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
