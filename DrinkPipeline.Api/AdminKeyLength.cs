using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>
/// Outside Development the moderators' key must be long enough not to be guessed (the stack generates 48
/// characters); a shorter one stops the API at start. No key turns moderation off, which stays allowed.
/// </summary>
public sealed class AdminKeyLength(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public const int Minimum = 32;

    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        options.Key is { Length: > 0 and < Minimum } && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail($"Admin:Key has {options.Key.Length} characters; outside Development it needs at least {Minimum}.")
            : ValidateOptionsResult.Success;
}
