using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Bench;

// A Linux guest (the bench's Linux peer: Debian's kernel and busybox, see
// bench/LinuxPeerImage.cs) on a network the launcher makes: the same QEMU
// network arguments and host services our system gets (QemuNetwork,
// NetworkServices), so the harness is tested with a stack known to work
// before ours exists. Its /init loads the NIC's driver, gives eth0 a
// static address (and a default route), prints "linuxnet: up", runs the
// script, prints "linuxnet: end" and powers off. Everything it prints
// goes to the serial log. The bench's network rows (NetworkThroughput) run
// it under -icount like the Linux peer; test/Boot links this file.
internal sealed record LinuxGuestMachine
{
    // QEMU -icount shift=0,sleep=off: guest time counts instructions
    // (1 ns each), as for our system in the bench.
    public bool InstructionCounting { get; init; }

    // The kernel's idle=poll: an idle CPU spins instead of halting (see
    // LinuxPeer and bench/README.md on time under sleep=off).
    public bool IdlePoll { get; init; }

    public int MemoryMiB { get; init; } = 128;
}

internal sealed class LinuxNetworkGuest : IDisposable
{
    private readonly Process _process;
    private readonly HttpFileServer? _server;
    private readonly string _directory;

    private LinuxNetworkGuest(Process process, HttpFileServer? server, string directory, string log)
    {
        _process = process;
        _server = server;
        _directory = directory;
        Log = log;
    }

    public string Log { get; }

    public string SerialText => File.Exists(Log) ? File.ReadAllText(Log).Replace("\r", "") : "";

    public HttpFileServer? Server => _server;

    public static LinuxNetworkGuest Start(GuestNetwork network, string address, string? gateway, string script, LinuxGuestMachine? machine = null)
    {
        machine ??= new LinuxGuestMachine();
        LinuxPeerImage image = LinuxPeerImage.Locate();
        // QEMU's RTL8139 is a C+ (revision 0x20), which 8139too leaves to 8139cp.
        string module = network.Nic == NicModel.Rtl8139 ? "8139cp" : "e1000";
        string directory = Path.Combine(Path.GetTempPath(), "minix3-linuxnet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string initramfs = Path.Combine(directory, "initramfs.cpio");
        File.WriteAllBytes(initramfs, image.Initramfs(InitScript(image, module, address, gateway, script), new[] { module }));
        string log = Path.Combine(directory, "serial.log");
        HttpFileServer? server = NetworkServices.Start(network, null);
        // The machine ours runs on (q35 with the IOMMU, QemuMachine.cs).
        var ours = new BootOptions { MemoryMiB = machine.MemoryMiB };
        var arguments = QemuMachine.Arguments(ours);
        arguments.AddRange(QemuMachine.IdeDrives(ours.Machine, disk: null));
        arguments.AddRange(new[]
        {
            "-no-reboot",
            "-kernel", image.Kernel, "-initrd", initramfs, "-append", "console=ttyS0 quiet panic=-1" + (machine.IdlePoll ? " idle=poll" : ""),
            "-display", "none", "-monitor", "none", "-serial", "file:" + log,
        });
        if (machine.InstructionCounting)
            arguments.AddRange(new[] { "-icount", "shift=0,sleep=off" });
        arguments.AddRange(QemuNetwork.Arguments(network, server?.Port ?? 0, server == null ? null : GuestForwardRelay.Command(server.Port)));
        var start = new ProcessStartInfo(Qemu.Program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new LinuxNetworkGuest(process, server, directory, log);
    }

    private static string InitScript(LinuxPeerImage image, string module, string address, string? gateway, string script)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/busybox sh\n");
        s.Append("/bin/busybox mount -t proc proc /proc\n/bin/busybox mount -t sysfs sys /sys\n/bin/busybox mount -t devtmpfs dev /dev\n");
        s.Append("/bin/busybox --install -s /bin\nexport PATH=/bin\n");
        s.Append("echo > /proc/sys/kernel/modprobe\n");
        foreach (string path in image.ModuleLoadOrder(new[] { module }))
            s.Append($"insmod /lib/modules/{LinuxPeerImage.ModuleName(path)}.ko\n");
        s.Append("n=0; while [ ! -e /sys/class/net/eth0 ]; do n=$((n + 1)); [ $n -gt 10000 ] && echo 'linuxnet: no eth0' && poweroff -f; usleep 1000; done\n");
        s.Append($"ip link set lo up\nip link set eth0 up\nip addr add {address}/24 dev eth0\n");
        if (gateway != null)
            s.Append($"ip route add default via {gateway}\n");
        // The link is up once QEMU's NIC has finished its autonegotiation
        // (half a second of guest time): a first packet sent before would
        // be lost and wait for a retransmission (seconds, under -icount
        // with idle=poll many of the host's). `read` is sh's own: no fork.
        s.Append("n=0; while ! read c < /sys/class/net/eth0/carrier 2> /dev/null || [ \"$c\" != 1 ]; do n=$((n + 1)); [ $n -gt 10000 ] && echo 'linuxnet: no carrier' && break; usleep 1000; done\n");
        s.Append("echo 'linuxnet: up'\n");
        s.Append(script).Append('\n');
        s.Append("echo 'linuxnet: end'\npoweroff -f\n");
        return s.ToString();
    }

    // Waits for a line matching `pattern` in the serial log; false at the
    // deadline or once the guest has ended without one.
    public bool WaitFor(string pattern, DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            bool ended = _process.HasExited;
            if (System.Text.RegularExpressions.Regex.IsMatch(SerialText, pattern, System.Text.RegularExpressions.RegexOptions.Multiline))
                return true;
            if (ended)
                return false;
            System.Threading.Thread.Sleep(100);
        }
        return false;
    }

    public bool Exited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _server?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
