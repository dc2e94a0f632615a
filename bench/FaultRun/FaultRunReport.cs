using System.Globalization;
using System.Text;

namespace Adapter.Bench.FaultRun;

/// <summary>bench/results/fault-run.md and the one-line summary.</summary>
internal static class FaultRunReport
{
    public static string Summary(FaultRunResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"fault run: {r.Tickets} incidents, lost {r.Lost}, written twice {r.WrittenTwice}, {r.Kills} kills, {r.FaultsInjected} faults, {r.Elapsed.TotalSeconds:F0} s{(r.Finished ? "" : " (time limit reached)")}");

    public static string Markdown(FaultRunOptions o, FaultRunResult r)
    {
        var s = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        s.AppendLine("# Fault run: PostgreSQL store, replicas killed with SIGKILL");
        s.AppendLine();
        s.AppendLine("Produced by `bench/fault-run.sh` (driver: `bench/FaultRun`). The ServiceNow sandbox runs in the");
        s.AppendLine("driver on 127.0.0.1 and fails the given share of table calls (429 with Retry-After, 500, 503,");
        s.AppendLine("slow answers, dropped connections). Worker replicas (`dotnet Adapter.Worker.dll run`, configured by");
        s.AppendLine("environment variables) share one PostgreSQL database with 5 s leases; every few seconds one");
        s.AppendLine("replica is killed with SIGKILL and started again at once.");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine(i, $"| incidents | {r.Tickets} |");
        s.AppendLine(i, $"| **lost** (no work note, or routing fields empty) | **{r.Lost + r.MisRouted}** |");
        s.AppendLine(i, $"| **written twice** (incidents with more than one work note) | **{r.WrittenTwice}** ({r.ExtraNotes} extra notes) |");
        s.AppendLine(i, $"| finished before the time limit ({o.TimeLimit.TotalMinutes:F0} min) | {(r.Finished ? "yes" : "no")} |");
        s.AppendLine(i, $"| time to triage everything | {r.Elapsed.TotalSeconds:F0} s |");
        s.AppendLine(i, $"| replicas | {o.Workers}, one killed every {o.KillEvery.TotalSeconds:F0} s |");
        s.AppendLine(i, $"| SIGKILLs / worker starts | {r.Kills} / {r.WorkerStarts} |");
        s.AppendLine(i, $"| fault rate / faults injected | {o.FaultRate:P0} / {r.FaultsInjected} |");
        s.AppendLine(i, $"| table API requests (GET + PATCH) / PATCHes | {r.TableRequests} / {r.Patches} |");
        s.AppendLine(i, $"| inbox at the end: done / failed / pending | {r.InboxDone} / {r.InboxFailed} / {r.InboxPending} |");
        s.AppendLine(i, $"| exit codes of the last replicas on SIGTERM | {string.Join(", ", r.FinalExitCodes)} |");
        s.AppendLine();
        s.AppendLine("Re-run: `bash bench/fault-run.sh` (options: `TICKETS`, `FAULT_RATE`, `WORKERS`, `KILL_EVERY`, `TIME_LIMIT`).");
        return s.ToString();
    }
}
