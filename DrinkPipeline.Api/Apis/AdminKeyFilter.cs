using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DrinkPipeline.Api.Apis;

/// <summary>
/// The one rule of the admin group: every request carries the moderators' key (<c>Admin:Key</c>) in
/// <see cref="AdminOptions.KeyHeader"/>. Without a configured key moderation is off (403); a missing or wrong key is 401.
/// </summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> admin) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (admin.Value.Key is not { Length: > 0 } key)
        {
            return Refuse(Problems.Forbidden("Moderation is turned off: the API has no Admin:Key."));
        }

        var presented = context.HttpContext.Request.Headers[AdminOptions.KeyHeader].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key))
            ? next(context)
            : Refuse(Problems.Unauthorized($"Send the administrators' key in the {AdminOptions.KeyHeader} header."));
    }

    /// <summary>The header in the OpenAPI description of each operation the filter guards.</summary>
    public static Task DescribeHeader(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = AdminOptions.KeyHeader,
            In = ParameterLocation.Header,
            Required = true,
            Description = "The moderators' key (Admin:Key).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }

    private static ValueTask<object?> Refuse(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        ValueTask.FromResult<object?>(TypedResults.Problem(problem));
}
