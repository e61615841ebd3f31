using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Launcher;

// `dotnet run --project src/Launcher -- [options]`: builds the image if
// needed, then boots it. The exit code is the guest's (see ExitCodes).
public static class Program
{
    public const string Usage = """
        usage: dotnet run --project src/Launcher -- [options]
          --bochs              boot the GRUB ISO in Bochs instead of QEMU
          --iso                boot the GRUB ISO in QEMU instead of -kernel
          --headless           serial log to a file and this terminal; the guest powers off at the end
          --timeout N          give up after N seconds (headless; default 120)
          --append "ARGS"      kernel command line, e.g. "timer_hz=250"; the test image's kernel
                               also reads test=, start=, exit_when=, halt_after= (test/Kernel)
          --memory MIB         guest memory (default 128)
          --machine q35|pc     QEMU's machine: q35 (default: ICH9 with Intel's IOMMU, VT-d, and the
                               disk on a PIIX3 IDE controller) or pc (i440FX/PIIX3, no IOMMU)
          --no-iommu           QEMU: q35 without the IOMMU
          --icount             QEMU -icount shift=0,sleep=off (repeatable guest time)
          --debug              QEMU stops before the first instruction and waits for gdb on
                               localhost:1234 (docs/debugging.md); prints how to attach
          --gdb-port N         the port for --debug (implies --debug; default 1234)
          --serial-log FILE    where the serial log goes (headless)
          --test-image         boot the test image (kernel + test components, test/Image)
          --disk FILE          attach a raw disk image as the primary IDE master (QEMU; Bochs
                               needs a size of whole 16-head, 63-sector cylinders)
          --disk-bus ide|ahci  where --disk goes on q35: the PIIX3 IDE controller (default, the ata
                               driver's) or the ICH9's own AHCI controller, port 2 (the ahci driver's)
          --com2-socket PATH   QEMU: COM2 (the serial driver's port) on a unix socket; the guest
                               starts once something connects (socat - UNIX-CONNECT:PATH)
          --monitor-socket PATH
                               QEMU: the monitor on a unix socket (`sendkey` presses keys for
                               the keyboard driver); headless runs otherwise have no monitor
          --shell              interactive: this terminal is the serial line (COM2), where init
                               starts a shell; the kernel log (COM1) goes to --serial-log or a temp file
          --module FILE        add FILE to the boot modules, named after its file name (QEMU's
                               direct boot; repeatable): a file "faults" arms RS's boot faults,
                               e.g. the line "ata first-request" (src/Servers/Rs/README.md)
          --no-disk            do not attach the image's root disk (iso/out/root.img) by default
          --net                QEMU: an e1000 on user networking with restrict=on: DHCP from QEMU
                               (10.0.2.15, gateway 10.0.2.2), nothing beyond what --serve and
                               --forward open (Bochs: an e1000 on its restricted slirp)
          --nic MODEL          e1000 (default) or rtl8139; implies --net
          --serve DIR          serve DIR over HTTP from 127.0.0.1 to the guest, which reaches it as
                               http://host.minix/ (10.0.2.100:80, in /etc/hosts); implies --net
          --forward HOST:GUEST 127.0.0.1:HOST on the host reaches the guest's TCP port GUEST
                               (repeatable); implies --net
          --net-socket PATH    the NIC on a frame relay listening on the unix socket PATH (QEMU's
                               -netdev stream) instead of user networking; implies --net
          --mac MAC            the NIC's MAC address (default 52:54:00:12:34:56)
          --net-capture FILE   QEMU writes the NIC's frames, both ways, to FILE (pcap); implies --net
          --no-build           boot what is already built
        """ + DiskBoot.Usage + UefiBoot.Usage;

    public static int Main(string[] args)
    {
        // QEMU runs this for each guest connection to --serve (Network/GuestForwardRelay.cs).
        if (args.Length == 2 && args[0] == GuestForwardRelay.Option)
            return GuestForwardRelay.Run(args[1]);
        bool noDisk = Array.IndexOf(args, "--no-disk") >= 0;
        if (!TryParse(args, out BootOptions options, out bool build, out string? error, out bool testImage))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(Usage);
            return ExitCodes.BadArguments;
        }
        try
        {
            ImageLayout image = ImageLayout.Locate(Directory.GetCurrentDirectory());
            string? project = null;
            if (testImage)
            {
                project = Path.Combine(image.RepositoryRoot, "test", "Image", "Minix3.Cosmos.TestImage.csproj");
                image = image.WithOutput("iso/out/test");
            }
            if (build && !ImageBuilder.Build(image, Console.Out, project: project))
            {
                Console.Error.WriteLine("launcher: the build failed; see the errors above");
                return ExitCodes.BuildFailed;
            }
            // The root file system the build made (the system image has one).
            if (options.DiskImage == null && !noDisk && File.Exists(image.RootDisk))
                options = options with { DiskImage = image.RootDisk };
            // Bochs has no terminal console here (see Bochs.cs): it always runs headless.
            if (options.Emulator == Emulator.Bochs)
                options = options with { Headless = true };
            string arguments = options.Headless ? (options.KernelArguments + " exit").Trim() : options.KernelArguments;
            if (UefiBoot.FromArguments(args) is string uefiImage)
                return UefiBoot.Boot(image, options, uefiImage, Console.Out).ExitCode;
            if (DiskBoot.FromArguments(args) is DiskBoot.Attachment usb)
                return DiskBoot.Boot(image, options, usb, Console.Out).ExitCode;
            BootResult result = options.Emulator == Emulator.Bochs
                ? Bochs.Boot(image, options, arguments, Console.Out)
                : options.BootIso
                    ? Qemu.Boot(image, options with { BootIso = true }, arguments, Console.Out, Iso.MakeWithArguments(image, arguments, "qemu-iso"))
                    : Qemu.Boot(image, options, arguments, Console.Out);
            if (result.TimedOut)
                Console.Error.WriteLine($"launcher: timed out after {options.Timeout.TotalSeconds:0} s");
            return result.ExitCode;
        }
        catch (MissingToolException e)
        {
            Console.Error.WriteLine("launcher: " + e.Message);
            return ExitCodes.MissingTool;
        }
        catch (LauncherException e)
        {
            Console.Error.WriteLine("launcher: " + e.Message);
            return ExitCodes.BadArguments;
        }
    }

    public static bool TryParse(IReadOnlyList<string> args, out BootOptions options, out bool build, out string? error) =>
        TryParse(args, out options, out build, out error, out _);

    public static bool TryParse(IReadOnlyList<string> args, out BootOptions options, out bool build, out string? error, out bool testImage)
    {
        options = new BootOptions();
        build = true;
        error = null;
        testImage = false;
        GuestNetwork? network = null;
        GuestNetwork Net() => network ?? new GuestNetwork();
        for (int i = 0; i < args.Count; i++)
        {
            string argument = args[i];
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (argument)
            {
                case "--bochs": options = options with { Emulator = Emulator.Bochs }; break;
                case "--iso": options = options with { BootIso = true }; break;
                case "--headless": options = options with { Headless = true }; break;
                case "--icount": options = options with { InstructionCounting = true }; break;
                case "--debug": options = options with { WaitForDebugger = true }; break;
                case "--usb": case "--usb-stick": break;   // DiskBoot
                case "--no-build": build = false; break;
                case "--test-image": testImage = true; break;
                case "--shell": options = options with { SerialShell = true }; break;
                case "--no-disk": break;
                case UefiBoot.Option:
                    if (Next() == null) { error = "--uefi needs an image (ISO, ESP or USB image)"; return false; }
                    break;
                case "--no-iommu": options = options with { Iommu = false }; break;
                case "--machine":
                    if (!QemuMachine.TryParse(Next() ?? "", out MachineType machine))
                    { error = "--machine needs q35 or pc"; return false; }
                    options = options with { Machine = machine };
                    break;
                case "--append":
                    string? append = Next();
                    if (append == null) { error = "--append needs the kernel arguments"; return false; }
                    options = options with { KernelArguments = append };
                    break;
                case "--disk-bus":
                    if (!QemuMachine.TryParseDiskBus(Next() ?? "", out DiskBus bus))
                    { error = "--disk-bus needs ide or ahci"; return false; }
                    options = options with { DiskBus = bus };
                    break;
                case "--disk":
                    string? disk = Next();
                    if (disk == null) { error = "--disk needs a raw disk image file"; return false; }
                    options = options with { DiskImage = Path.GetFullPath(disk) };
                    break;
                case "--com2-socket":
                    string? com2 = Next();
                    if (com2 == null) { error = "--com2-socket needs a unix socket path"; return false; }
                    options = options with { Com2Socket = Path.GetFullPath(com2) };
                    break;
                case "--monitor-socket":
                    string? monitor = Next();
                    if (monitor == null) { error = "--monitor-socket needs a unix socket path"; return false; }
                    options = options with { MonitorSocket = Path.GetFullPath(monitor) };
                    break;
                case "--module":
                    string? module = Next();
                    if (module == null) { error = "--module needs a file"; return false; }
                    options = options with { ExtraModules = options.ExtraModules.Append(Path.GetFullPath(module)).ToArray() };
                    break;
                case "--serial-log":
                    string? log = Next();
                    if (log == null) { error = "--serial-log needs a file"; return false; }
                    options = options with { SerialLogPath = Path.GetFullPath(log) };
                    break;
                case "--gdb-port":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                    { error = "--gdb-port needs a TCP port between 1 and 65535"; return false; }
                    options = options with { WaitForDebugger = true, GdbPort = port };
                    break;
                case "--timeout":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds <= 0)
                    { error = "--timeout needs a positive number of seconds"; return false; }
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--memory":
                    if (!int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out int mib) || mib < 16 || mib > 65536)
                    { error = "--memory needs a size in MiB between 16 and 65536"; return false; }
                    options = options with { MemoryMiB = mib };
                    break;
                case "--net": network = Net(); break;
                case "--nic":
                    if (!GuestNetwork.TryParseNic(Next() ?? "", out NicModel nic))
                    { error = "--nic needs e1000 or rtl8139"; return false; }
                    network = Net() with { Nic = nic };
                    break;
                case "--serve":
                    string? serve = Next();
                    if (serve == null) { error = "--serve needs a directory"; return false; }
                    network = Net() with { ServeDirectory = Path.GetFullPath(serve) };
                    break;
                case "--forward":
                    if (!PortForward.TryParse(Next() ?? "", out PortForward forward))
                    { error = "--forward needs HOST:GUEST, two TCP ports between 1 and 65535"; return false; }
                    network = Net() with { Forwards = Net().Forwards.Append(forward).ToArray() };
                    break;
                case "--net-socket":
                    string? frames = Next();
                    if (frames == null) { error = "--net-socket needs a unix socket path"; return false; }
                    network = Net() with { FrameSocket = Path.GetFullPath(frames) };
                    break;
                case "--net-capture":
                    string? capture = Next();
                    if (capture == null) { error = "--net-capture needs a file"; return false; }
                    network = Net() with { CaptureFile = Path.GetFullPath(capture) };
                    break;
                case "--mac":
                    string? mac = Next();
                    if (mac == null || !GuestNetwork.IsMacAddress(mac)) { error = "--mac needs a unicast MAC address like 52:54:00:12:34:57"; return false; }
                    network = Net() with { MacAddress = mac.ToLowerInvariant() };
                    break;
                case "-h":
                case "--help":
                    error = "";
                    return false;
                default:
                    error = "unknown option: " + argument;
                    return false;
            }
        }
        if (network != null)
        {
            if (network.FrameSocket != null && (network.ServeDirectory != null || network.Forwards.Count > 0))
            {
                error = "--serve and --forward need user networking; --net-socket replaces it";
                return false;
            }
            if (options.Emulator == Emulator.Bochs && (network.Nic != NicModel.E1000 || network.ServeDirectory != null || network.Forwards.Count > 0 || network.FrameSocket != null || network.MacAddress != null || network.CaptureFile != null))
            {
                error = "Bochs takes --net alone (an e1000 on its restricted slirp); --nic, --serve, --forward, --net-socket, --mac and --net-capture need QEMU";
                return false;
            }
            options = options with { Network = network };
        }
        if (options.WaitForDebugger && options.Emulator == Emulator.Bochs)
        {
            error = "--debug and --gdb-port need QEMU (its gdb stub); Bochs runs without one here";
            return false;
        }
        return true;
    }
}
