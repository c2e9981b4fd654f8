using System.Security.Cryptography;
using System.Text;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Moderation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DrinkPipeline.Api.Apis;

/// <summary>
/// The one rule of the admin group: every request carries the moderators' key (<c>Admin:Key</c>) in
/// <see cref="AdminOptions.KeyHeader"/>, or an open moderator session (<see cref="ModeratorSession.Header"/>, see
/// <see cref="ModeratorSessions"/>). Without a configured key moderation is off (403); anything else is 401.
/// </summary>
public sealed class ModeratorsOnlyFilter(IOptions<AdminOptions> admin, ModeratorSessions sessions) : IEndpointFilter
{
    private const string ByKeyItem = "drinkpipeline:moderator-by-key";

    /// <summary>Whether the request was let in by the key itself (only the key opens a session).</summary>
    public static bool CameWithTheKey(HttpContext context) => context.Items.ContainsKey(ByKeyItem);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (admin.Value.Key is not { Length: > 0 } key)
        {
            return TypedResults.Problem(Problems.Forbidden("Moderation is turned off: the API has no Admin:Key."));
        }

        var headers = context.HttpContext.Request.Headers;
        if (headers.TryGetValue(AdminOptions.KeyHeader, out var presented) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToString()), Encoding.UTF8.GetBytes(key)))
        {
            context.HttpContext.Items[ByKeyItem] = true;
            return await next(context);
        }

        if (headers.TryGetValue(ModeratorSession.Header, out var session) &&
            await sessions.IsOpenAsync(session.ToString(), context.HttpContext.RequestAborted))
        {
            return await next(context);
        }

        return TypedResults.Problem(Problems.Unauthorized(
            $"Send the administrators' key in the {AdminOptions.KeyHeader} header, or an open moderator session in {ModeratorSession.Header}."));
    }

    /// <summary>The headers in the OpenAPI description of each operation the filter guards.</summary>
    public static Task DescribeHeaders(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(AdminOptions.KeyHeader, "The moderators' key (Admin:Key); or send a session instead."));
        operation.Parameters.Add(Header(ModeratorSession.Header, "An open moderator session (POST /api/admin/sessions); or send the key instead."));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
