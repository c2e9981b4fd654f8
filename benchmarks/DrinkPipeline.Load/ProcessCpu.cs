using System.Globalization;

namespace DrinkPipeline.Load;

/// <summary>
/// CPU time of the app's processes from /proc (Linux), grouped by role, so a run can say where the cores went and
/// what one photo costs each service. A service copy is the service's own executable (Aspire's <c>dotnet run</c>
/// wrapper around it is counted apart and idles).
/// </summary>
public static class ProcessCpu
{
    private static readonly (string Role, string Marker)[] Roles =
    [
        ("api", "DrinkPipeline.Api/bin/"),
        ("worker", "DrinkPipeline.Worker/bin/"),
        ("web", "DrinkPipeline.Web/bin/"),
        ("emulator", "moto_server"),
        ("dashboard", "Aspire.Dashboard"),
        ("apphost", "DrinkPipeline.AppHost"),
        ("dcp", "/dcp"),
        ("dotnet run wrappers", "dotnet run --project"),
        ("load tool (this)", "DrinkPipeline.Load"),
    ];

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU seconds so far per process id, with its role and resident memory.</summary>
    public static Dictionary<int, (string Role, double CpuSeconds, long RssBytes)> Snapshot()
    {
        var result = new Dictionary<int, (string, double, long)>();
        if (!OperatingSystem.IsLinux())
        {
            return result;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var role = Roles.FirstOrDefault(candidate => commandLine.Contains(candidate.Marker, StringComparison.Ordinal)).Role;
                if (role is null)
                {
                    continue;
                }

                // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                var rssPages = long.Parse(fields[21], CultureInfo.InvariantCulture);
                result[pid] = (role, ticks / TicksPerSecond, rssPages * Environment.SystemPageSize);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        return result;
    }

    /// <summary>Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat.</summary>
    public static (double Busy, double Total) Machine()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0);
        }

        // "cpu  user nice system idle iowait irq softirq steal ..."
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        var idle = ticks[3] + ticks[4];
        var total = ticks.Take(8).Sum();
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    /// <summary>Per role: processes, CPU seconds used between the snapshots, and resident memory at the end.</summary>
    public static IEnumerable<(string Role, int Processes, double CpuSeconds, long RssBytes)> Between(
        Dictionary<int, (string Role, double CpuSeconds, long RssBytes)> before,
        Dictionary<int, (string Role, double CpuSeconds, long RssBytes)> after) =>
        after
            .Select(entry => (entry.Value.Role, Used: entry.Value.CpuSeconds - (before.TryGetValue(entry.Key, out var earlier) ? earlier.CpuSeconds : 0), entry.Value.RssBytes))
            .GroupBy(entry => entry.Role)
            .Select(group => (group.Key, group.Count(), group.Sum(entry => entry.Used), group.Sum(entry => entry.RssBytes)))
            .OrderByDescending(entry => entry.Item3);
}
