using System.Diagnostics;
using System.Net;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// A moto_server of its own, without the app: for tests that deploy stacks the app does not run (the compute), so
/// they neither slow nor disturb the app fixtures.
/// </summary>
public sealed class StandaloneEmulator : IAsyncLifetime
{
    private Process? process;

    public string Url { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var port = Tools.FreePort();
        Url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(Tools.FindPythonTool("moto_server", "moto_server is not installed (pip install \"moto[server]\")."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        // Drain its request log, or the pipe fills and the emulator blocks.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
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
