namespace Aspire.Hosting;

/// <summary>The local AWS: moto_server as an executable resource (no containers here).</summary>
public static class MotoEmulatorExtensions
{
    private const string InstallHint = "Install it with: pip install \"moto[server]\" (Python 3), then make sure moto_server is on PATH.";

    /// <summary>
    /// Adds moto_server on 127.0.0.1:<paramref name="port"/>, healthy once its API answers. The command is looked up on
    /// PATH (and in pyenv's and pip's user folders, which a bare shell may not have on PATH).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddMotoEmulator(
        this IDistributedApplicationBuilder builder, string name, string command, int port)
    {
        var executable = FindExecutable(command)
            ?? throw new DistributedApplicationException($"The AWS emulator '{command}' was not found. {InstallHint}");

        return builder.AddExecutable(name, executable, builder.AppHostDirectory, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithHttpHealthCheck("/moto-api/");
    }

    private static string? FindExecutable(string command)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat([Path.Combine(home, ".pyenv", "shims"), Path.Combine(home, ".local", "bin")]);
        return folders.Select(folder => Path.Combine(folder, command)).FirstOrDefault(File.Exists);
    }
}
