using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>What Linux says about a process: peak resident set (<c>VmHWM</c>, since the
/// process started) and CPU time used (<c>utime + stime</c>, in seconds).</summary>
internal static class ProcStats
{
    /// <summary>Clock ticks per second of <c>/proc/&lt;pid&gt;/stat</c>; 100 on every Linux
    /// build this runs on (<c>getconf CLK_TCK</c>).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Peak resident set in MB, or NaN when the process is gone.</summary>
    public static double PeakResidentMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = double.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                    return kb / 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    /// <summary>User plus system CPU seconds, or NaN when the process is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: count fields after it.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
