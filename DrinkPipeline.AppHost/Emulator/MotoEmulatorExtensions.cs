namespace Aspire.Hosting;

/// <summary>The local AWS: moto_server as an executable resource (no containers here).</summary>
public static class MotoEmulatorExtensions
{
    private const string InstallHint = "Install it with: python3 -m pip install -r DrinkPipeline.AppHost/Emulator/requirements.txt, then make sure moto_server is on PATH.";

    /// <summary>
    /// Adds moto_server on 127.0.0.1:<paramref name="port"/>, healthy once its API answers. The command is looked up on
    /// PATH (and in pyenv's and pip's user folders, which a bare shell may not have on PATH). It runs through
    /// <c>Emulator/emulator.py</c>, which makes DynamoDB's conditional writes and transactions atomic (see there), with
    /// the Python beside the command, the one moto is installed for; the launcher stops at once, saying so, when that moto
    /// is not the version of <c>Emulator/requirements.txt</c>.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddMotoEmulator(
        this IDistributedApplicationBuilder builder, string name, string command, int port)
    {
        var executable = FindExecutable(command)
            ?? throw new DistributedApplicationException($"The AWS emulator '{command}' was not found. {InstallHint}");
        var python = PythonOf(executable)
            ?? throw new DistributedApplicationException($"The Python that runs '{executable}' was not found (no python3 beside it, no #! line naming one). {InstallHint}");
        var launcher = Path.Combine(builder.AppHostDirectory, "Emulator", "emulator.py");
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Plain moto_server is no fallback: under concurrent presigns its transactions fail (see emulator.py).
        return builder.AddExecutable(name, python, builder.AppHostDirectory, launcher, "-H", "127.0.0.1", "-p", portText)
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithHttpHealthCheck("/moto-api/");
    }

    /// <summary>The interpreter moto_server runs on: a python3 beside it (pyenv shims, venvs), else its own #! line.</summary>
    private static string? PythonOf(string executable)
    {
        var beside = Path.Combine(Path.GetDirectoryName(executable)!, "python3");
        if (File.Exists(beside))
        {
            return beside;
        }

        using var reader = new StreamReader(executable);
        var firstLine = reader.ReadLine() ?? "";
        if (!firstLine.StartsWith("#!", StringComparison.Ordinal) || !firstLine.Contains("python", StringComparison.Ordinal))
        {
            return null;
        }

        // "#!/usr/bin/python3" or "#!/usr/bin/env python3"
        var words = firstLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && Path.GetFileName(words[0]) == "env" ? FindExecutable(words[1]) : words[0];
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
