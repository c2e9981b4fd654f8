using System.Diagnostics;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The real <c>aws</c> CLI against the fixture's emulator, as a person would use it.</summary>
public static class AwsCli
{
    public static Task<string> RunAsync(DrinkPipelineAppFixture fixture, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(fixture.EmulatorUrl, cancellationToken, arguments);

    public static async Task<string> RunAsync(string emulatorUrl, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["AWS_DEFAULT_REGION"] = "us-east-1",
            },
        };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(emulatorUrl);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {await output} {error}");
        return await output;
    }

    private static string Find() => FindTool("aws", "The aws CLI is not installed (pip install awscli).");

    /// <summary>A tool of the machine's Python (aws, moto_server): on PATH, or in pyenv's shims.</summary>
    public static string FindTool(string name, string missing)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(missing);
    }
}
