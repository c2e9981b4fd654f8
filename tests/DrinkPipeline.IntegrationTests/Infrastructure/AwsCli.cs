using System.Text.Json.Nodes;
using DrinkPipeline.Testing;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The real <c>aws</c> CLI against the fixture's emulator, as a person would use it.</summary>
public static class AwsCli
{
    private static readonly Dictionary<string, string> EmulatorCredentials = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
    };

    public static Task<string> RunAsync(DrinkPipelineAppFixture fixture, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(fixture.EmulatorUrl, cancellationToken, arguments);

    public static async Task<string> RunAsync(string emulatorUrl, CancellationToken cancellationToken, params string[] arguments)
    {
        var aws = Tools.FindPythonTool("aws", "The aws CLI is not installed (pip install awscli).");
        var outcome = await Tools.RunAsync(aws, ["--endpoint-url", emulatorUrl, .. arguments], cancellationToken, environment: EmulatorCredentials);
        Assert.True(outcome.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {outcome.Output} {outcome.Error}");
        return outcome.Output;
    }

    /// <summary>The command's JSON answer.</summary>
    public static async Task<JsonNode> JsonAsync(string emulatorUrl, CancellationToken cancellationToken, params string[] arguments) =>
        JsonNode.Parse(await RunAsync(emulatorUrl, cancellationToken, [.. arguments, "--output", "json"]))!;
}
