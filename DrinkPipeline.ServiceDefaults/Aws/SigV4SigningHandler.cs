using Amazon.Runtime;

namespace DrinkPipeline.Aws;

/// <summary>Signs each outgoing POST with SigV4 for one AWS service (the OTLP endpoints of X-Ray and CloudWatch Logs).</summary>
public sealed class SigV4SigningHandler(string region, string service, Func<ImmutableCredentials> credentials) : DelegatingHandler
{
    // The OTLP exporter sends synchronously (HttpClient.Send), so both paths must sign.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        request.Content?.ReadAsStream(cancellationToken).CopyTo(buffer);
        Sign(request, buffer.ToArray());
        return base.Send(request, cancellationToken);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sign(request, request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private void Sign(HttpRequestMessage request, byte[] body)
    {
        var contentType = request.Content?.Headers.ContentType?.ToString() ?? "application/x-protobuf";

        // The signature covers these exact bytes, so they are what is sent (the exporter's stream cannot be read twice).
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.Where(header => header.Key is not "Content-Type" and not "Content-Length"))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        request.Content = content;
        SigV4.SignPost(request, body, contentType, credentials(), region, service, DateTime.UtcNow);
    }
}
