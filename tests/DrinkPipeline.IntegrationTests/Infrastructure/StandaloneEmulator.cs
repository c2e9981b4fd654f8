using System.Diagnostics;
using System.Net;
using System.Reflection;
using DrinkPipeline.Testing;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// A moto_server of its own, without the app: for tests that deploy stacks the app does not run (the compute), so
/// they neither slow nor disturb the app fixtures.
/// </summary>
public sealed class StandaloneEmulator : IAsyncLifetime
{
    public static readonly string RepositoryRoot = typeof(StandaloneEmulator).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    private Process? process;

    /// <summary>Set: the AppHost's launcher (Emulator/emulator.py) keeping its data in this folder; unset: plain moto_server.</summary>
    private string? dataDirectory;

    public string Url { get; private set; } = "";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    /// <summary>What the launcher printed about local data (moto's request log is left out).</summary>
    public string Output => string.Join('\n', output);

    private void Keep(string? line)
    {
        if (line?.StartsWith("local data:", StringComparison.Ordinal) == true)
        {
            output.Enqueue(line);
        }
    }

    private static string MotoServer => Tools.FindPythonTool("moto_server", "moto_server is not installed (pip install -r DrinkPipeline.AppHost/Emulator/requirements.txt).");

    /// <summary>The Python moto is installed for, as the AppHost finds it: beside moto_server.</summary>
    public static string Python => Path.Combine(Path.GetDirectoryName(MotoServer)!, "python3");

    /// <summary>The emulator as the AppHost runs it with local data, on a folder of the test's.</summary>
    public static async Task<StandaloneEmulator> StartLauncherAsync(string dataDirectory)
    {
        var emulator = new StandaloneEmulator { dataDirectory = dataDirectory };
        await emulator.InitializeAsync();
        return emulator;
    }

    public async ValueTask InitializeAsync()
    {
        var port = Tools.FreePort();
        Url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(dataDirectory is null ? MotoServer : Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] launcher = dataDirectory is null ? [] : [Path.Combine(RepositoryRoot, "DrinkPipeline.AppHost", "Emulator", "emulator.py"), "--data-dir", dataDirectory];
        foreach (var argument in (string[])[.. launcher, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        // Drain its output, or the pipe fills and the emulator blocks; the launcher's own lines are kept for the tests.
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri($"{Url}/moto-api/"))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "moto_server did not answer", TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }

        process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
