using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using Minix3.Cosmos.Testing.Network;

namespace Minix3.Cosmos.Bench;

// Our system cannot take part in the network rows: the image lacks a
// command they type, or inet never leased an address. The bench says
// which and why instead of waiting for a prompt that never comes.
internal sealed class NetworkUnavailableException : Exception
{
    public NetworkUnavailableException(string message) : base(message)
    {
    }
}

// The network rows: one TCP download timed by the guest, on our system and
// on the Linux peer (Debian's kernel and busybox, LinuxNetworkGuest) in the
// same QEMU with the same e1000 and -icount shift=0,sleep=off.
//  - host -> guest: `wget -q -O /dev/null http://host.minix/big.bin`, a
//    64 MiB random file from the launcher's --serve server on 127.0.0.1,
//    reached through QEMU's user networking (restrict=on, guestfwd to
//    10.0.2.100:80);
//  - guest -> guest: two guests on the FrameRelay with no faults, static
//    addresses 10.0.2.1 and 10.0.2.2, one's httpd serving a 16 MiB random
//    file, the other's wget fetching it.
// Each download is preceded by a small one (ARP, the relay's first
// connection) outside the timing. Guest time: ours by `time` (the guest's
// clock, 10 ms ticks), Linux's between two markers written to /dev/kmsg
// (printk's time stamps, microseconds of the TSC clock). Wall time: the
// host's, from the command to its answer on the serial line. Each boot
// times Runs downloads in a row.
internal static class NetworkThroughput
{
    public const int HostFileMiB = 64;
    public const int RelayFileMiB = 16;
    // Timed downloads per boot: the second shows how far a figure moves
    // (one boot for both keeps the mode within minutes: Linux's boot under
    // -icount alone is 6.6 G instructions).
    public const int Runs = 2;

    // The Linux peer idles with idle=poll (see bench/README.md, "The
    // network rows", for the runs that chose it).
    public const bool LinuxIdlePoll = true;

    private const string BigFile = "big.bin";
    private const string SmallFile = "small.txt";
    private static readonly byte[] SmallBytes = Encoding.ASCII.GetBytes("a small file, fetched first\n");

    // Under -icount a guest runs at some 100 M instructions a second of
    // the host's, far slower on a busy host: Linux's boot alone is 6.6 G.
    // A stalled transfer ends the run with the log rather than hangs.
    private static readonly TimeSpan GuestTimeout = TimeSpan.FromSeconds(600);

    // One timed download: its size, the guest's time for it (ns, which
    // under -icount shift=0 is instructions when the guest does not halt),
    // and the host's wall time.
    public sealed record Transfer(int MiB, double GuestNs, double WallSeconds)
    {
        public double WallMiBPerSecond => MiB / WallSeconds;

        public double GuestPerKiB => GuestNs / (MiB * 1024.0);

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{GuestNs / 1e6:0.0} M instr, {GuestPerKiB:0} instr/KiB, {WallMiBPerSecond:0.00} MiB/s wall");
    }

    public static byte[] FileBytes(int mib) => TestBytes.Random(mib << 20, 0x4e7u + (uint)mib);

    // ---- Linux ----

    // The Linux peer's wget from --serve; `idlePoll`: the kernel's idle=poll.
    public static Transfer[] LinuxHostToGuest(bool idlePoll)
    {
        string served = Directory.CreateTempSubdirectory("minix3-bench-serve-").FullName;
        try
        {
            byte[] big = FileBytes(HostFileMiB);
            File.WriteAllBytes(Path.Combine(served, BigFile), big);
            File.WriteAllBytes(Path.Combine(served, SmallFile), SmallBytes);
            // MINIX3_BENCH_CAPTURE: a pcap of the guest's frames, to see what went wrong.
            var network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served, CaptureFile = Environment.GetEnvironmentVariable("MINIX3_BENCH_CAPTURE") };
            string script = LinuxFetchScript(GuestNetwork.ServeAddress);
            using var guest = LinuxNetworkGuest.Start(network, GuestNetwork.FirstLease, GuestNetwork.Gateway, script, Machine(idlePoll));
            Transfer[] transfers = LinuxTimedFetches(guest, HostFileMiB, DateTime.UtcNow + GuestTimeout);
            LinuxChecksum(guest, Md5(big));
            return transfers;
        }
        finally
        {
            Directory.Delete(served, recursive: true);
        }
    }

    // Two Linux peers on the frame relay (no faults): busybox httpd on
    // 10.0.2.2 serving a file it made from /dev/urandom, wget on 10.0.2.1.
    public static Transfer[] LinuxGuestToGuest(bool idlePoll)
    {
        using var relay = FrameRelay.Start(2, seed: 15, faults: LinkFaults.None);
        GuestNetwork On(int port) => new() { FrameSocket = relay.SocketPath(port), MacAddress = RelayedGuests.MacOf(port) };
        DateTime deadline = DateTime.UtcNow + GuestTimeout;
        using var serving = LinuxNetworkGuest.Start(On(1), "10.0.2.2", null, string.Join('\n',
            "mkdir /www",
            $"echo '{Encoding.ASCII.GetString(SmallBytes).TrimEnd()}' > /www/{SmallFile}",
            $"dd if=/dev/urandom of=/www/{BigFile} bs=1M count={RelayFileMiB} 2> /dev/null",
            $"echo \"linuxnet: served md5 $(md5sum /www/{BigFile})\"",
            "httpd -p 80 -h /www; echo 'linuxnet: httpd up'",
            "sleep 600"), Machine(idlePoll));
        if (!serving.WaitFor("^linuxnet: httpd up", deadline))
            throw new InvalidOperationException("the serving Linux peer never started httpd. Log:\n" + serving.SerialText);
        string served = Regex.Match(serving.SerialText, @"linuxnet: served md5 ([0-9a-f]{32})").Groups[1].Value;
        using var fetching = LinuxNetworkGuest.Start(On(0), "10.0.2.1", null, LinuxFetchScript("10.0.2.2"), Machine(idlePoll));
        Transfer[] transfers = LinuxTimedFetches(fetching, RelayFileMiB, deadline);
        LinuxChecksum(fetching, served);
        return transfers;
    }

    private static LinuxGuestMachine Machine(bool idlePoll) =>
        new() { InstructionCounting = true, IdlePoll = idlePoll, MemoryMiB = new BootOptions().MemoryMiB };

    // The fetching guest's script after "linuxnet: up": the server answers
    // a small GET (retried while the other guest's httpd is starting),
    // then Runs timed downloads, each between two /dev/kmsg markers (echo
    // is busybox sh's builtin: no fork inside the timing), then the file
    // once more through md5sum, outside the timing, to prove what came.
    public static string LinuxFetchScript(string server)
    {
        var s = new StringBuilder();
        s.Append("mark() { echo \"<5>linuxnet: $*\" > /dev/kmsg; }\n");
        s.Append($"n=0; until wget -q -O /dev/null http://{server}/{SmallFile}; do n=$((n + 1)); [ $n -gt 300 ] && break; usleep 200000; done\n");
        for (int i = 0; i < Runs; i++)
        {
            s.Append($"echo 'linuxnet: fetch {i} begins'\nmark fetch {i} begin\n");
            s.Append($"wget -q -O /dev/null http://{server}/{BigFile}\nstatus=$?\n");
            s.Append($"mark fetch {i} end\necho \"linuxnet: fetch {i} ends with status $status\"\n");
        }
        s.Append($"echo \"linuxnet: fetched md5 $(wget -q -O - http://{server}/{BigFile} | md5sum)\"\n");
        s.Append("dmesg | grep 'linuxnet: fetch'");
        return s.ToString();
    }

    private static Transfer[] LinuxTimedFetches(LinuxNetworkGuest guest, int mib, DateTime deadline)
    {
        // Wall time: the serial log's lines just outside the markers,
        // watched closely (the log is short; reading it is cheap).
        var walls = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            if (!WaitForLine(() => guest.SerialText, $"linuxnet: fetch {i} begins", deadline, () => guest.Exited))
                throw new InvalidOperationException("the Linux peer never reached its download. Log:\n" + guest.SerialText);
            var stopwatch = Stopwatch.StartNew();
            if (!WaitForLine(() => guest.SerialText, $"linuxnet: fetch {i} ends", deadline, () => guest.Exited))
                throw new InvalidOperationException("the Linux peer's download never ended. Log:\n" + guest.SerialText);
            walls[i] = stopwatch.Elapsed.TotalSeconds;
        }
        if (!guest.WaitFor("^linuxnet: end", deadline))
            throw new InvalidOperationException("the Linux peer's script never ended. Log:\n" + guest.SerialText);
        string log = guest.SerialText;
        var transfers = new Transfer[Runs];
        for (int i = 0; i < Runs; i++)
        {
            if (!log.Contains($"linuxnet: fetch {i} ends with status 0"))
                throw new InvalidOperationException("the Linux peer's wget failed. Log:\n" + log);
            double begin = KmsgNs(log, $"linuxnet: fetch {i} begin"), end = KmsgNs(log, $"linuxnet: fetch {i} end");
            if (double.IsNaN(begin) || double.IsNaN(end))
                throw new InvalidOperationException("the Linux peer's markers are missing. Log:\n" + log);
            transfers[i] = new Transfer(mib, end - begin, walls[i]);
        }
        return transfers;
    }

    private static void LinuxChecksum(LinuxNetworkGuest guest, string expected)
    {
        string fetched = Regex.Match(guest.SerialText, @"linuxnet: fetched md5 ([0-9a-f]{32})").Groups[1].Value;
        if (expected.Length != 32 || fetched != expected)
            throw new InvalidOperationException($"the Linux peer fetched md5 '{fetched}', the server has '{expected}'");
    }

    // "[   12.345678] linuxnet: fetch begin" -> 12345678000 ns.
    public static double KmsgNs(string log, string marker)
    {
        Match match = Regex.Match(log, $@"\[\s*(\d+)\.(\d{{6}})\] {Regex.Escape(marker)}\r?$", RegexOptions.Multiline);
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1_000_000 + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) * 1000.0
            : double.NaN;
    }

    // ---- ours ----

    // The commands the rows type, in the system image's /bin.
    private static readonly string[] Commands = { "wget", "httpd", "ifconfig" };

    // Our system image (its root disk copied) with --net e1000 and --serve,
    // under -icount: a DHCP lease, a small fetch, the timed one, and the
    // file once more through cksum to prove what came.
    public static Transfer[] OursHostToGuest(ImageLayout image)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-net-" + Guid.NewGuid().ToString("N")[..8]);
        string served = Path.Combine(directory, "www");
        Directory.CreateDirectory(served);
        try
        {
            byte[] big = FileBytes(HostFileMiB);
            File.WriteAllBytes(Path.Combine(served, BigFile), big);
            File.WriteAllBytes(Path.Combine(served, SmallFile), SmallBytes);
            string crc = HostCksum(Path.Combine(served, BigFile));
            string disk = Path.Combine(directory, "root.img");
            File.Copy(image.RootDisk, disk);
            string log = Path.Combine(directory, "serial.log");
            string com2 = HostConsole.NewSocketPath("com2");
            var options = new BootOptions
            {
                Headless = true, InstructionCounting = true, Timeout = GuestTimeout, DiskImage = disk, SerialLogPath = log, Com2Socket = com2,
                Network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served },
            };
            DateTime deadline = DateTime.UtcNow + GuestTimeout;
            Task<BootResult> run = Task.Run(() => Qemu.Boot(image, options, "exit", null));
            var transfers = new Transfer[Runs];
            try
            {
                using var shell = OpenShell(com2, deadline, run, log);
                try
                {
                    RequireCommands(shell);
                    WaitForLease(log, deadline);
                    Fetch(shell, $"http://{GuestNetwork.ServeName}/{SmallFile}", deadline);
                    for (int i = 0; i < Runs; i++)
                        transfers[i] = TimedFetch(shell, $"http://{GuestNetwork.ServeName}/{BigFile}", HostFileMiB);
                    Checksum(shell, $"http://{GuestNetwork.ServeName}/{BigFile}", crc, big.Length);
                }
                finally
                {
                    ShutDown(shell);
                }
            }
            finally
            {
                File.Delete(com2);
            }
            if (!run.Wait(TimeSpan.FromSeconds(30)))
                throw new InvalidOperationException("our system did not power off. Log:\n" + ReadLog(log));
            return transfers;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Two of our systems on the frame relay (no faults): `ifconfig eth0
    // 10.0.2.2/24` and httpd on one (the file put on its root disk by the
    // host, under /www), `ifconfig eth0 10.0.2.1/24` and the timed wget on
    // the other.
    public static Transfer[] OursGuestToGuest(ImageLayout image)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-relay-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        using var relay = FrameRelay.Start(2, seed: 15, faults: LinkFaults.None);
        try
        {
            byte[] big = FileBytes(RelayFileMiB);
            string bigPath = Path.Combine(directory, BigFile);
            File.WriteAllBytes(bigPath, big);
            string crc = HostCksum(bigPath);
            var disks = new[] { Path.Combine(directory, "client.img"), Path.Combine(directory, "server.img") };
            var logs = new[] { Path.Combine(directory, "client.log"), Path.Combine(directory, "server.log") };
            var com2 = new[] { HostConsole.NewSocketPath("com2"), HostConsole.NewSocketPath("com2") };
            foreach (string disk in disks)
                File.Copy(image.RootDisk, disk);
            var serverDisk = new HostFatImage(disks[1]);
            serverDisk.MakeDirectory("/www");
            serverDisk.Put("/www/" + BigFile, big);
            serverDisk.Put("/www/" + SmallFile, SmallBytes);
            BootOptions Options(int i) => new()
            {
                Headless = true, InstructionCounting = true, Timeout = GuestTimeout, DiskImage = disks[i], SerialLogPath = logs[i], Com2Socket = com2[i],
            };
            DateTime deadline = DateTime.UtcNow + GuestTimeout;
            Task<BootResult[]> run = Task.Run(() => RelayedGuests.Boot(image, relay, new[] { (Options(0), "exit"), (Options(1), "exit") }));
            Task<BootResult> first = run.ContinueWith(t => t.Result[0]);
            var transfers = new Transfer[Runs];
            try
            {
                using var client = OpenShell(com2[0], deadline, first, logs[0]);
                try
                {
                    using var server = OpenShell(com2[1], deadline, first, logs[1]);
                    try
                    {
                        RequireCommands(client);
                        RequireCommands(server);
                        Expect(client.Run("ifconfig eth0 10.0.2.1/24; echo status=$?"), "ifconfig on the client", client);
                        Expect(server.Run("ifconfig eth0 10.0.2.2/24; echo status=$?"), "ifconfig on the server", server);
                        int from = server.Transcript.Length;
                        server.Run("httpd -p 80 -r /www -n 5 &");
                        server.WaitFor("httpd: listening on port 80", from);
                        Fetch(client, $"http://10.0.2.2/{SmallFile}", deadline);
                        for (int i = 0; i < Runs; i++)
                            transfers[i] = TimedFetch(client, $"http://10.0.2.2/{BigFile}", RelayFileMiB);
                        Checksum(client, $"http://10.0.2.2/{BigFile}", crc, big.Length);
                    }
                    finally
                    {
                        ShutDown(server);
                    }
                }
                finally
                {
                    ShutDown(client);
                }
            }
            finally
            {
                File.Delete(com2[0]);
                File.Delete(com2[1]);
            }
            if (!run.Wait(TimeSpan.FromSeconds(30)))
                throw new InvalidOperationException("our relayed guests did not power off. Client's log:\n" + ReadLog(logs[0]));
            return transfers;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The first prompt on COM2, or why there is none (QEMU ended).
    private static SerialShell OpenShell(string com2, DateTime deadline, Task<BootResult> run, string log)
    {
        try
        {
            return SerialShell.Open(com2, deadline);
        }
        catch (Exception e) when (e is not NetworkUnavailableException)
        {
            string why = run.IsCompleted ? (run.IsFaulted ? run.Exception!.GetBaseException().Message : "QEMU ended") : "no prompt";
            throw new InvalidOperationException($"our system offered no shell on COM2 ({why}). Log:\n{ReadLog(log)}", e);
        }
    }

    // Each command the rows use must be in /bin: without them (inet,
    // sockets in VFS and the network commands of issue 15 not merged yet)
    // the bench says so at once.
    private static void RequireCommands(SerialShell shell)
    {
        foreach (string command in Commands)
        {
            string answer = shell.Run($"ls /bin/{command} > /dev/null; echo status=$?");
            if (!Regex.IsMatch(answer, @"(?m)^status=0\r?$"))
                throw new NetworkUnavailableException($"our system image has no /bin/{command}: the network rows need inet, sockets in VFS and the commands wget, httpd and ifconfig (issue 15); build the image with them");
        }
    }

    // inet logs its lease on the serial line ("inet: eth0 dhcp lease 10.0.2.15 ...").
    private static void WaitForLease(string log, DateTime deadline)
    {
        if (!WaitForLine(() => ReadLog(log), $"inet: eth0 dhcp lease {GuestNetwork.FirstLease}", deadline, () => false))
            throw new NetworkUnavailableException($"inet never leased {GuestNetwork.FirstLease} on eth0 (no 'inet: eth0 dhcp lease' line). Log:\n{ReadLog(log)}");
    }

    // An untimed download, repeated until it works (the other guest's
    // httpd may still be starting, ARP may still be resolving).
    private static void Fetch(SerialShell shell, string url, DateTime deadline)
    {
        string answer = "";
        while (DateTime.UtcNow < deadline)
        {
            answer = shell.Run($"wget -q -O /dev/null {url}; echo status=$?");
            if (Regex.IsMatch(answer, @"(?m)^status=0\r?$"))
                return;
            shell.Run("sleep 1");
        }
        throw new InvalidOperationException($"our wget never fetched {url}; last answer:\n{answer}");
    }

    // `time` prints "real S.mmm" by the guest's clock; the host times the
    // command line from sending it to its prompt.
    private static Transfer TimedFetch(SerialShell shell, string url, int mib)
    {
        var stopwatch = Stopwatch.StartNew();
        string answer = shell.Run($"time wget -q -O /dev/null {url}; echo status=$?");
        double wall = stopwatch.Elapsed.TotalSeconds;
        Expect(answer, "the timed wget", shell);
        double guest = RealNs(answer);
        if (double.IsNaN(guest))
            throw new InvalidOperationException($"time printed no 'real' line:\n{answer}");
        return new Transfer(mib, guest, wall);
    }

    // "real 1.234" -> 1234000000 ns.
    public static double RealNs(string answer)
    {
        Match match = Regex.Match(answer, @"(?m)^real (\d+)\.(\d{3})\r?$");
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) * 1e6
            : double.NaN;
    }

    private static void Checksum(SerialShell shell, string url, string crc, int length)
    {
        string answer = shell.Run($"wget -q -O - {url} | cksum");
        if (!Regex.IsMatch(answer, $@"(?m)^{crc} {length}\r?$"))
            throw new InvalidOperationException($"our wget fetched another file than the host's (cksum {crc} {length}):\n{answer}");
    }

    private static void Expect(string answer, string what, SerialShell shell)
    {
        if (!Regex.IsMatch(answer, @"(?m)^status=0\r?$"))
            throw new InvalidOperationException($"{what} failed:\n{answer}\nconversation:\n{shell.Transcript}");
    }

    // Powers the guest off, also after a failure (a command missing, a
    // download that failed), so QEMU ends now rather than at its timeout;
    // a shell that no longer answers is left to that timeout.
    private static void ShutDown(SerialShell shell)
    {
        try
        {
            shell.Shutdown();
        }
        catch (Exception)
        {
        }
    }

    private static string HostCksum(string path) => HostTool.MustRun("cksum", "coreutils", path).Split(' ')[0];

    private static string Md5(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    private static string ReadLog(string log)
    {
        if (!File.Exists(log))
            return "";
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd().Replace("\r", "");
    }

    // Polls `text` every few milliseconds for `line`: false at the
    // deadline, or once `ended` and still no line.
    private static bool WaitForLine(Func<string> text, string line, DateTime deadline, Func<bool> ended)
    {
        while (DateTime.UtcNow < deadline)
        {
            bool over = ended();
            if (text().Contains(line, StringComparison.Ordinal))
                return true;
            if (over)
                return false;
            System.Threading.Thread.Sleep(5);
        }
        return false;
    }
}
