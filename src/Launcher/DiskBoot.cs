using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Launcher;

// Boots the build's USB disk image (iso/out/minix3-usb.img) in QEMU the way
// a PC boots a disk: no -kernel, the BIOS runs the image's boot sector
// (GRUB), GRUB loads the kernel and modules from the image's FAT.
//   Ide: the image is the primary IDE master, so the ATA driver and FS also
//        find the root file system on it (as a hard disk, or VMware's).
//   UsbStick: the image is a USB mass-storage device on an xHCI controller,
//        as on a real PC: SeaBIOS boots it, and the system, which has no USB
//        driver, runs from its boot modules without a root file system.
// The kernel command line is the image's grub.cfg's (none): such a run
// does not power off by itself, so headless runs end at their timeout.
// Interactively, as --shell: this terminal is COM2 (init's shell), the
// kernel log (COM1) goes to a file.
public static class DiskBoot
{
    public enum Attachment
    {
        Ide,
        UsbStick,
    }

    public static string UsbImage(ImageLayout image) => Path.Combine(image.OutputDirectory, "minix3-usb.img");

    // The launcher's options for these boots: `--usb` (the IDE disk) and
    // `--usb-stick`; null when neither is given.
    public const string Usage =
        "  --usb                boot iso/out/minix3-usb.img as the IDE disk (BIOS, GRUB, its own root file system)\n" +
        "  --usb-stick          boot iso/out/minix3-usb.img as a USB stick (no root file system: no USB driver)";

    public static Attachment? FromArguments(IReadOnlyList<string> args) =>
        args.Contains("--usb-stick") ? Attachment.UsbStick : args.Contains("--usb") ? Attachment.Ide : null;

    public static List<string> Arguments(string diskImage, Attachment attachment, BootOptions options, string serialLog, int servePort = 0)
    {
        var arguments = QemuMachine.Arguments(options);
        arguments.AddRange(new[]
        {
            "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-display", "none",
            "-serial", "file:" + serialLog,
        });
        arguments.AddRange(options.Headless ? new[] { "-monitor", "none" } : new[] { "-serial", "mon:stdio" });
        // Headless, COM2 (the shell's terminal) may go to a socket.
        if (options.Headless && options.Com2Socket != null)
            arguments.AddRange(new[] { "-chardev", Qemu.Com2Chardev(options.Com2Socket), "-serial", "chardev:com2" });
        if (attachment == Attachment.Ide)
            arguments.AddRange(QemuMachine.IdeDrives(options.Machine, diskImage));
        else
            arguments.AddRange(new[]
            {
                "-device", "qemu-xhci,id=xhci",
                "-drive", $"if=none,id=stick,format=raw,file={diskImage.Replace(",", ",,")}",
                "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0",
            });
        arguments.AddRange(QemuNetwork.Arguments(options.Network, servePort, servePort > 0 ? GuestForwardRelay.Command(servePort) : null));
        arguments.AddRange(options.ExtraEmulatorArguments);
        return arguments;
    }

    // Boots the build's USB image (the disk image itself: what the guest
    // writes stays in it, as on a stick).
    public static BootResult Boot(ImageLayout image, BootOptions options, Attachment attachment, TextWriter? echo) =>
        Boot(image, options, UsbImage(image), attachment, echo);

    // Boots `disk` (a copy of the USB image, say) the same way.
    public static BootResult Boot(ImageLayout image, BootOptions options, string disk, Attachment attachment, TextWriter? echo)
    {
        HostTools.Require(Qemu.Program, "qemu-system-x86");
        if (!File.Exists(disk))
            throw new LauncherException($"no USB image at {disk}: build the system image (dotnet build iso/Minix3.Cosmos.Image.csproj)");
        string serialLog = options.SerialLogPath ?? Path.Combine(Path.GetTempPath(), $"minix3-serial-{System.Guid.NewGuid():N}.log");
        File.Delete(serialLog);
        using HttpFileServer? server = NetworkServices.Start(options.Network, echo, logRequests: options.Headless);
        var arguments = Arguments(disk, attachment, options, serialLog, server?.Port ?? 0);
        if (!options.Headless)
            echo?.WriteLine($"launcher: booting {disk} as {(attachment == Attachment.Ide ? "the IDE disk" : "a USB stick")}; this terminal is COM2 (the shell), the kernel log goes to {serialLog}; Ctrl-A X quits");
        TextWriter? follow = options.Headless ? echo : null;
        BootResult raw = KernelSymbols.NameBacktraces(image, GuestProcess.Run(Qemu.Program, arguments.ToArray(), serialLog, options, follow, interactive: !options.Headless), follow);
        return options.Headless ? GuestProcess.WithGuestStatus(raw) : raw;
    }
}
