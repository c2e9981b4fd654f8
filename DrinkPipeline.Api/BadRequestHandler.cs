using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace DrinkPipeline.Api;

/// <summary>
/// Requests the framework cannot read (a body that is not JSON, not UTF-8, holds an unpaired surrogate, or is too
/// large) become a problem with their own status and a detail that says what was wrong, not a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var detail = badRequest.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            _ when badRequest.InnerException is JsonException { Path: { } path } =>
                $"The request body could not be read at {path}: it must be JSON in valid UTF-8, without unpaired surrogates.",
            _ => "The request could not be read: " + badRequest.Message,
        };
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = badRequest.StatusCode, Title = "The request is invalid.", Detail = detail },
        });
    }
}
