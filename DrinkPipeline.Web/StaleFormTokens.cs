using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace DrinkPipeline.Web;

/// <summary>
/// A page's script that posts JSON with a stale antiforgery token (a page kept by the service worker, a cookie that
/// expired or was cleared) gets a problem it can act on — fetch a fresh token and post again — instead of the HTML
/// error page. Form posts keep the error page.
/// </summary>
public sealed class StaleFormTokens : IAlwaysRunResultFilter
{
    /// <summary>The problem's <c>type</c>, which upload.js looks for.</summary>
    public const string ProblemType = "/problems/stale-form-token";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult
            && context.HttpContext.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Result = new JsonResult(new
            {
                type = ProblemType,
                title = "The page's form token is out of date.",
                status = StatusCodes.Status400BadRequest,
                detail = "Ask for a fresh token (GET /?handler=FormToken) and send the request again.",
            })
            { StatusCode = StatusCodes.Status400BadRequest, ContentType = "application/problem+json" };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
