using Microsoft.AspNetCore.Mvc;
namespace DrinkPipeline.Api.Apis;

internal static class Problems
{
    public static ProblemDetails NotFound(string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    public static ProblemDetails BadRequest(string detail) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is invalid.",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };

    public static ProblemDetails Unauthorized(string detail) => new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = "Not authorized",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    };
}
