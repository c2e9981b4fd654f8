using Microsoft.AspNetCore.Mvc;
namespace DrinkPipeline.Api.Apis;

internal static class Problems
{
    public static ProblemDetails NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", "15.5.5", detail);

    public static ProblemDetails BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "The request is invalid.", "15.5.1", detail);

    public static ProblemDetails Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "Not authorized", "15.5.2", detail);

    public static ProblemDetails Gone(string detail) => Create(StatusCodes.Status410Gone, "Gone", "15.5.11", detail);

    public static ProblemDetails Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Forbidden", "15.5.4", detail);

    /// <summary>429 is defined by RFC 6585, not RFC 9110.</summary>
    public static ProblemDetails TooManyRequests(string detail) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many uploads.",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    /// <summary>A problem whose type links the status code's section of RFC 9110.</summary>
    private static ProblemDetails Create(int status, string title, string section, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Type = $"https://tools.ietf.org/html/rfc9110#section-{section}",
    };
}
