using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Swifi.Campaign;

// One guest: boots the test image with the agent and one driver's trials,
// plays the host's part of the workloads (the COM2 echo peer, the keys on
// the PS/2 keyboard), watches the kernel log, and says what each trial
// did. The guest's own judgement comes from the agent's lines; the host
// judges only what the guest cannot report: a kernel panic, a core server
// ended, a VM that stopped or made no progress (hung).
internal static class GuestRun
{
    public sealed record Result(List<TrialResult> Trials, string? Failure, string SerialLog, string DiskPath);

    // The cast: the test kernel starts these (bench/Components/SwifiAgent/README.md).
    public static string Cast(string nicLabel) =>
        $"start=monitor,ds,rs,iommu,pci,{nicLabel},inet,memory,hello,keyboard,serial,tty,ata,fs,vfs,swifiagent exit_when=swifiagent exit";

    public static string NicFor(string label) => label == "rtl8139" ? "rtl8139" : "e1000";

    public static Result Run(CampaignSettings settings, string label, IReadOnlyList<PlanFile.Trial> trials, string bootName, byte[] served, ulong servedFnv)
    {
        string nic = NicFor(label);
        string directory = Path.Combine(settings.WorkDirectory, bootName);
        string www = Path.Combine(directory, "www");
        Directory.CreateDirectory(www);
        File.WriteAllBytes(Path.Combine(www, PlanFile.ServedFile), served);
        IReadOnlyList<string> check = CampaignSpec.AllDrivers.Where(d => d == nic || (d != "e1000" && d != "rtl8139")).ToArray();
        string plan = PlanFile.Text(trials, label, check, $"http://{GuestNetwork.ServeAddress}/{PlanFile.ServedFile}", servedFnv, settings.Rounds);
        string disk = settings.MakeDisk(Path.Combine(directory, "disk.img"), new Dictionary<string, byte[]>
        {
            [PlanFile.Path] = Encoding.ASCII.GetBytes(plan),
            [PlanFile.DiskFile] = settings.DiskPattern,
        });
        string com2 = Path.Combine("/tmp", $"swifi-{Guid.NewGuid().ToString("N")[..10]}-c2.sock");
        string monitor = Path.Combine("/tmp", $"swifi-{Guid.NewGuid().ToString("N")[..10]}-mon.sock");
        var watch = new Watch();
        var options = new BootOptions
        {
            Headless = true,
            DiskImage = disk,
            Com2Socket = com2,
            MonitorSocket = monitor,
            Iommu = settings.Iommu,
            Network = new GuestNetwork { Nic = nic == "rtl8139" ? NicModel.Rtl8139 : NicModel.E1000, ServeDirectory = www },
            // The bound of last resort; the stall watch ends a hung guest long before.
            Timeout = TimeSpan.FromSeconds(300 + trials.Count * 30.0),
            SerialLogPath = Path.Combine(directory, "serial.log"),
        };
        Task<BootResult> boot = Task.Run(() => Qemu.Boot(settings.TestImage, options, Cast(nic), new LineWriter(watch.OnLogLine)));
        DateTime connectBy = DateTime.UtcNow.AddSeconds(60);
        using GuestLink? serial = GuestLink.Connect(com2, connectBy, watch.OnSerialLine);
        using GuestLink? keys = GuestLink.Connect(monitor, connectBy, null);
        watch.Serial = serial;
        string? failure = null;
        while (!boot.Wait(100))
        {
            failure = watch.Tick(keys, settings.Stall);
            if (failure != null)
            {
                keys?.Send("quit\n");
                break;
            }
        }
        BootResult result = boot.Result;
        string log = result.SerialLog;
        failure ??= watch.Panic != null ? "kernel: " + watch.Panic
            : watch.SetupFailure != null ? null
            : !watch.Done ? $"the VM ended without the agent's last line (status {result.ExitCode}{(result.TimedOut ? ", timed out" : "")})"
            : null;
        if (watch.SetupFailure != null)
            throw new InvalidOperationException($"swifi: the agent could not start its workloads in {bootName}: {watch.SetupFailure}\n{Tail(log)}");
        return new Result(Judge(label, trials, watch, failure, bootName), failure, log, disk);
    }

    private static List<TrialResult> Judge(string label, IReadOnlyList<PlanFile.Trial> trials, Watch watch, string? failure, string bootName)
    {
        var results = new List<TrialResult>();
        foreach (PlanFile.Trial trial in trials)
        {
            if (!watch.Reports.TryGetValue(trial.Id, out (Outcome Outcome, string Detail) report))
            {
                // The trial under way when the system failed; the rest go to another guest.
                if (failure != null)
                    results.Add(new TrialResult(label, trial.Id, trial.Type, trial.Faults.Length, Outcome.SystemFailure, failure, bootName));
                break;
            }
            if (watch.CheckFailures.TryGetValue(trial.Id, out string? broken))
                report = (Outcome.SystemFailure, $"another driver broken after it ({broken}); the trial itself: {Outcomes.Name(report.Outcome)} {report.Detail}".Trim());
            results.Add(new TrialResult(label, trial.Id, trial.Type, trial.Faults.Length, report.Outcome, report.Detail, bootName));
        }
        return results;
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;

    // What the guest said so far, and what the host owes it.
    private sealed class Watch
    {
        private static readonly Regex Report = new(@"swifi: R (\d+) (\S+) ?(.*)$");
        private static readonly Regex Check = new(@"swifi: check (\d+) FAILED (.*)$");
        private static readonly Regex Keys = new(@"swifi: keys \d+ \d+ ([a-z0-9]+)$");
        private static readonly Regex Ping = new(@"swifi-ping (\d+) (\d+)");
        private readonly object _lock = new();
        private DateTime _progress = DateTime.UtcNow, _keysTyped = DateTime.MinValue, _pingAt = DateTime.MinValue, _ponged = DateTime.MinValue;
        private string? _word, _pong;

        public Dictionary<long, (Outcome, string)> Reports { get; } = new();
        public Dictionary<long, string> CheckFailures { get; } = new();
        public string? Panic { get; private set; }
        public string? SetupFailure { get; private set; }
        public bool Done { get; private set; }
        public GuestLink? Serial { get; set; }

        public void OnLogLine(string line)
        {
            lock (_lock)
            {
                if (line.Contains("KERNEL PANIC", StringComparison.Ordinal) || line.Contains("a critical component, ended", StringComparison.Ordinal))
                    Panic ??= line.Trim();
                int at = line.IndexOf("swifi: ", StringComparison.Ordinal);
                if (at < 0)
                    return;
                _progress = DateTime.UtcNow;
                _word = null;
                Match match;
                if ((match = Report.Match(line)).Success)
                {
                    long id = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    Outcomes.TryParse(match.Groups[2].Value, out Outcome outcome);
                    string detail = match.Groups[2].Value == "stuck" ? "stuck: " + match.Groups[3].Value : match.Groups[3].Value;
                    Reports[id] = (outcome, detail.Trim());
                }
                else if ((match = Check.Match(line)).Success)
                    CheckFailures[long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = match.Groups[2].Value.Trim();
                else if ((match = Keys.Match(line)).Success)
                {
                    _word = match.Groups[1].Value;
                    _keysTyped = DateTime.MinValue;
                }
                else if (line.Contains("swifi: done", StringComparison.Ordinal))
                    Done = true;
                else if (line.Contains("swifi: FAILED setup", StringComparison.Ordinal))
                    SetupFailure = line[at..];
            }
        }

        // COM2: answer each ping at once (and again from Tick while the agent waits).
        public void OnSerialLine(string line)
        {
            Match match = Ping.Match(line);
            if (!match.Success)
                return;
            string pong = $"swifi-pong {match.Groups[1].Value} {match.Groups[2].Value}\n";
            lock (_lock)
            {
                _pong = pong;
                _pingAt = _ponged = DateTime.UtcNow;
            }
            Serial?.Send(pong);
        }

        // Every 100 ms: type the word again, answer the ping again, or say
        // the guest is lost (null: all is well).
        public string? Tick(GuestLink? monitor, TimeSpan stall)
        {
            string? word, pong = null;
            DateTime now = DateTime.UtcNow;
            lock (_lock)
            {
                if (Panic != null)
                    return "kernel: " + Panic;
                if (now - _progress > stall)
                    return $"hung: the agent said nothing for {stall.TotalSeconds:0} s (host time)";
                word = _word != null && now - _keysTyped > TimeSpan.FromSeconds(1) ? _word : null;
                if (word != null)
                    _keysTyped = now;
                if (_pong != null && _progress < _pingAt && now - _ponged > TimeSpan.FromSeconds(1))
                {
                    pong = _pong;
                    _ponged = now;
                }
            }
            if (word != null && monitor != null)
                monitor.Send(string.Concat(word.Select(c => "sendkey " + c + "\n")) + "sendkey ret\n");
            if (pong != null)
                Serial?.Send(pong);
            return null;
        }
    }

    // The launcher's echo of the serial log, cut into lines.
    private sealed class LineWriter : TextWriter
    {
        private readonly Action<string> _onLine;
        private readonly StringBuilder _line = new();

        public LineWriter(Action<string> onLine) => _onLine = onLine;

        public override Encoding Encoding => Encoding.ASCII;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                _onLine(_line.ToString());
                _line.Clear();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "")
                Write(c);
        }
    }
}
