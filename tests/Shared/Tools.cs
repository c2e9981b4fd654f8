using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DrinkPipeline.Testing;

/// <summary>What the tests need of the machine: programs to run and free ports.</summary>
public static class Tools
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Runs a program to its end, reading both streams (a full pipe would block it).</summary>
    public static async Task<Outcome> RunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Outcome(process.ExitCode, await output, error);
    }

    /// <summary>A program of the machine's Python (aws, moto_server): on PATH, or in pyenv's shims.</summary>
    public static string FindPythonTool(string name, string missing)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(missing);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
