using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Launcher;

// `--uefi IMAGE`: boots IMAGE in QEMU under OVMF (UEFI firmware) instead of
// the BIOS: an ISO as the CD, anything else (an ESP image, the USB image) as
// the IDE disk. The firmware runs the image's \EFI\BOOT\BOOTX64.EFI, the
// kit's own loader (src/Boot/Uefi), which reads /boot and its cmdline file:
// --append cannot reach the kernel here, as with --usb.
// OVMF's code is mapped read-only; its variable store is a copy per run, so
// runs neither share boot entries nor change the installed file.
// S3 (suspend to RAM) is off: with it, OVMF keeps 0x800000-0x808000 as ACPI
// NVS for resume, inside the range the kernel is linked at (0x100000 up to
// its bss end), and the loader then stops with "memory taken".
public static class UefiBoot
{
    public const string Option = "--uefi";
    public const string FirmwareCode = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    public const string FirmwareVariables = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    public const string Usage =
        "\n  --uefi IMAGE         boot IMAGE under UEFI (QEMU with OVMF): an ISO as the CD, else as the IDE disk;\n" +
        "                       the image's \\EFI\\BOOT\\BOOTX64.EFI loads /boot (kernel line: /boot/cmdline)";

    // The image after --uefi; null when the option is absent.
    public static string? FromArguments(IReadOnlyList<string> args)
    {
        int at = args.ToList().IndexOf(Option);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    public static List<string> Arguments(string image, string variables, BootOptions options, string serialLog, int servePort = 0)
    {
        var arguments = QemuMachine.Arguments(options);
        arguments.AddRange(new[]
        {
            "-global", options.Machine == MachineType.Pc ? "PIIX4_PM.disable_s3=1" : "ICH9-LPC.disable_s3=1",
            "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={Escape(FirmwareCode)}",
            "-drive", $"if=pflash,format=raw,unit=1,file={Escape(variables)}",
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-display", "none",
            "-serial", "file:" + serialLog,
        });
        if (options.MonitorSocket != null)
            arguments.AddRange(new[] { "-monitor", Qemu.UnixSocket(options.MonitorSocket) });
        else
            arguments.AddRange(options.Headless ? new[] { "-monitor", "none" } : new[] { "-serial", "mon:stdio" });
        // Headless, COM2 (the shell's terminal) may go to a socket.
        if (options.Headless && options.Com2Socket != null)
            arguments.AddRange(new[] { "-chardev", Qemu.Com2Chardev(options.Com2Socket), "-serial", "chardev:com2" });
        bool iso = image.EndsWith(".iso", System.StringComparison.OrdinalIgnoreCase);
        arguments.AddRange(iso ? QemuMachine.IdeDrives(options.Machine, options.DiskImage, image) : QemuMachine.IdeDrives(options.Machine, image));
        arguments.AddRange(QemuNetwork.Arguments(options.Network, servePort, servePort > 0 ? GuestForwardRelay.Command(servePort) : null));
        arguments.AddRange(options.ExtraEmulatorArguments);
        return arguments;
    }

    public static BootResult Boot(ImageLayout layout, BootOptions options, string image, TextWriter? echo)
    {
        HostTools.Require(Qemu.Program, "qemu-system-x86");
        if (!File.Exists(FirmwareCode) || !File.Exists(FirmwareVariables))
            throw new MissingToolException(FirmwareCode, "ovmf");
        if (!File.Exists(image))
            throw new LauncherException($"no image at {image}");
        string serialLog = options.SerialLogPath ?? Path.Combine(Path.GetTempPath(), $"minix3-serial-{System.Guid.NewGuid():N}.log");
        File.Delete(serialLog);
        if (options.MonitorSocket != null)
            File.Delete(options.MonitorSocket);
        string variables = Path.Combine(Path.GetTempPath(), $"minix3-ovmf-vars-{System.Guid.NewGuid():N}.fd");
        File.Copy(FirmwareVariables, variables);
        try
        {
            using HttpFileServer? server = NetworkServices.Start(options.Network, echo, logRequests: options.Headless);
            var arguments = Arguments(image, variables, options, serialLog, server?.Port ?? 0);
            if (!options.Headless)
                echo?.WriteLine($"launcher: booting {image} under UEFI (OVMF); the serial log goes to {serialLog}; Ctrl-A X quits");
            TextWriter? follow = options.Headless ? echo : null;
            BootResult raw = KernelSymbols.NameBacktraces(layout, GuestProcess.Run(Qemu.Program, arguments.ToArray(), serialLog, options, follow, interactive: !options.Headless), follow);
            return options.Headless ? GuestProcess.WithGuestStatus(raw) : raw;
        }
        finally
        {
            File.Delete(variables);
        }
    }

    private static string Escape(string value) => value.Replace(",", ",,");
}
