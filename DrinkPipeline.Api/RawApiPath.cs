using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace DrinkPipeline.Api;

/// <summary>
/// Names travel in path segments and may be "..", contain "/" or "%". The server would decode them and fold dot
/// segments before routing, so API routes are matched on the raw path and handlers decode each segment exactly once
/// (<see cref="NameRoute"/>).
/// </summary>
public static class RawApiPath
{
    public static IApplicationBuilder UseRawApiPath(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (rawTarget is not null && rawTarget.StartsWith("/api/", StringComparison.Ordinal))
            {
                var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
                context.Request.Path = new PathString(query < 0 ? rawTarget : rawTarget[..query]);
            }

            return next(context);
        });
}

/// <summary>Decodes and validates a name taken from a raw route segment.</summary>
public static class NameRoute
{
    public static bool TryGetName(string rawSegment, string field, out string name, out string? problem)
    {
        name = "";
        if (!PathSegments.TryDecode(rawSegment, out var decoded))
        {
            problem = $"{field} is not valid UTF-8 once decoded.";
            return false;
        }

        problem = NameRules.Validate(decoded, field);
        name = decoded;
        return problem is null;
    }

    /// <summary>Both names of a <c>/api/bars/{barName}/drinks/{drinkName}</c> route, or the first problem.</summary>
    public static bool TryGetNames(string rawBar, string rawDrink, out string bar, out string drink, out string? problem)
    {
        drink = "";
        return TryGetName(rawBar, "barName", out bar, out problem) && TryGetName(rawDrink, "drinkName", out drink, out problem);
    }
}
