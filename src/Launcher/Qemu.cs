using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Launcher;

// Boots the image in QEMU: directly (-kernel + -initrd, fastest) or from
// the GRUB ISO, on q35 with the IOMMU unless told otherwise (QemuMachine.cs).
// isa-debug-exit lets the guest end the run with a status.
public static class Qemu
{
    public const string Program = "qemu-system-x86_64";

    // `servePort`: --serve's server on 127.0.0.1, once it runs (Boot starts it).
    public static List<string> Arguments(ImageLayout image, BootOptions options, string serialLog, string kernelArguments, string? iso = null, int servePort = 0)
    {
        var arguments = QemuMachine.Arguments(options);
        arguments.AddRange(new[]
        {
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        });
        if (options.BootIso)
        {
            if (options.ExtraModules.Length > 0)
                throw new LauncherException("--module needs QEMU's direct boot (not --iso)");
            arguments.AddRange(new[] { "-boot", "d" });
        }
        else
        {
            arguments.AddRange(new[] { "-kernel", image.Kernel });
            var modules = image.Modules().ToList();
            foreach (string extra in options.ExtraModules)
                modules.Add((extra, Path.GetFileName(extra)));
            if (modules.Count > 0)
                arguments.AddRange(new[] { "-initrd", string.Join(",", modules.Select(m => $"{m.Path} {m.Name}")) });
            if (kernelArguments.Length > 0)
                arguments.AddRange(new[] { "-append", kernelArguments });
        }
        if (options.Headless)
            arguments.AddRange(new[] { "-display", "none", "-monitor", options.MonitorSocket == null ? "none" : UnixSocket(options.MonitorSocket), "-serial", "file:" + serialLog });
        else if (options.SerialShell)
        {
            // COM1 (the log) to a file, COM2 (the shell's terminal) here.
            arguments.AddRange(new[] { "-display", "none", "-serial", "file:" + serialLog, "-serial", "mon:stdio" });
            if (options.MonitorSocket != null)
                arguments.AddRange(new[] { "-monitor", UnixSocket(options.MonitorSocket) });
        }
        else
        {
            arguments.AddRange(new[] { "-display", "none", "-serial", "mon:stdio" });
            if (options.MonitorSocket != null)
                arguments.AddRange(new[] { "-monitor", UnixSocket(options.MonitorSocket) });
        }
        // The second -serial is COM2 (0x2f8, IRQ 3): after COM1 on purpose.
        if (options.Com2Socket != null && !(options.SerialShell && !options.Headless))
            arguments.AddRange(new[] { "-chardev", Com2Chardev(options.Com2Socket), "-serial", "chardev:com2" });
        // The disk and --iso's CD, on the machine's IDE (QemuMachine.cs).
        bool ahci = options.DiskBus == DiskBus.Ahci;
        if (ahci && options.Machine != MachineType.Q35)
            throw new LauncherException("--disk-bus ahci needs --machine q35");
        arguments.AddRange(QemuMachine.IdeDrives(options.Machine, ahci ? null : options.DiskImage, options.BootIso ? iso ?? image.Iso : null));
        if (ahci && options.DiskImage != null)
            arguments.AddRange(QemuMachine.AhciDrive(options.DiskImage));
        if (options.InstructionCounting)
            arguments.AddRange(new[] { "-icount", "shift=0,sleep=off" });
        // Like -s -S, but on the loopback interface only (-s listens on
        // every interface) and on the port asked for.
        if (options.WaitForDebugger)
            arguments.AddRange(new[] { "-gdb", $"tcp:127.0.0.1:{options.GdbPort}", "-S" });
        arguments.AddRange(QemuNetwork.Arguments(options.Network, servePort, servePort > 0 ? GuestForwardRelay.Command(servePort) : null));
        arguments.AddRange(options.ExtraEmulatorArguments);
        return arguments;
    }

    // The primary IDE master from a raw image on `pc` (q35: QemuMachine.IdeDrives);
    // QEMU's option syntax needs a comma in the path doubled.
    public static string DiskDrive(string path) => $"file={path.Replace(",", ",,")},format=raw,if=ide,index=0,media=disk";

    // COM2 on a unix socket QEMU listens on and waits for: the guest starts
    // only once someone has connected, because QEMU drops what the guest
    // sends to an unconnected socket, and a test would otherwise race the
    // guest's first line.
    public static string Com2Chardev(string path) => $"socket,id=com2,path={path.Replace(",", ",,")},server=on,wait=on";

    // The monitor on a unix socket QEMU listens on without waiting: commands
    // can come at any time, and nothing is lost before a client connects.
    public static string UnixSocket(string path) => $"unix:{path.Replace(",", ",,")},server=on,wait=off";

    // Says once QEMU listens for gdb (the VS Code task waits for that line)
    // and how to attach. A port already taken would make QEMU fail with a
    // less helpful message, so that is checked first.
    private static void AnnounceGdbStub(ImageLayout image, int port, TextWriter? echo)
    {
        if (!GdbStub.IsFree(port))
            throw new LauncherException($"port {port} on localhost is taken (another QEMU waiting for gdb?); choose another with --gdb-port");
        if (echo == null)
            return;
        echo.WriteLine($"launcher: QEMU stops before the first instruction; attach with: {GdbStub.Command(image, port)}");
        var thread = new System.Threading.Thread(() =>
        {
            if (GdbStub.WaitUntilListening(port, System.TimeSpan.FromSeconds(30)))
            {
                echo.WriteLine($"launcher: {GdbStub.ReadyText}{port}");
                echo.Flush();
            }
        }) { IsBackground = true, Name = "gdb stub watch" };
        thread.Start();
    }

    // `iso`: the ISO to boot when options.BootIso (default: the build's own).
    public static BootResult Boot(ImageLayout image, BootOptions options, string kernelArguments, TextWriter? echo, string? iso = null)
    {
        HostTools.Require(Program, "qemu-system-x86");
        if (options.DiskImage != null && !File.Exists(options.DiskImage))
            throw new LauncherException($"no disk image at {options.DiskImage}");
        foreach (string extra in options.ExtraModules)
        {
            if (!File.Exists(extra))
                throw new LauncherException($"no module file at {extra}");
        }
        string serialLog = options.SerialLogPath ?? Path.Combine(Path.GetTempPath(), $"minix3-serial-{System.Guid.NewGuid():N}.log");
        File.Delete(serialLog);
        // A socket file left by an earlier run would stop QEMU from listening.
        foreach (string? socket in new[] { options.Com2Socket, options.MonitorSocket })
        {
            if (socket != null)
                File.Delete(socket);
        }
        if (options.WaitForDebugger)
            AnnounceGdbStub(image, options.GdbPort, echo);
        // --serve's server lives as long as the guest.
        using HttpFileServer? server = NetworkServices.Start(options.Network, echo, logRequests: options.Headless || !options.SerialShell);
        var arguments = Arguments(image, options, serialLog, kernelArguments, iso, server?.Port ?? 0);
        if (options.SerialShell && !options.Headless)
            echo?.WriteLine($"launcher: this terminal is the serial line (COM2); the kernel log goes to {serialLog}; Ctrl-A X quits");
        // With the shell on this terminal, the kernel log stays in its file.
        TextWriter? follow = options.SerialShell && !options.Headless ? null : echo;
        BootResult raw = KernelSymbols.NameBacktraces(image, GuestProcess.Run(Program, arguments.ToArray(), serialLog, options, follow, interactive: !options.Headless), follow);
        // Interactively, the user may end the run (Ctrl-A X): QEMU's own
        // status stands then; a guest that powered off (shutdown) says its own.
        return options.Headless || raw.GuestStatus != null ? GuestProcess.WithGuestStatus(raw) : raw;
    }
}
