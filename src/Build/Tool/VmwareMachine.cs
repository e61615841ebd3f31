using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Build;

// The VMware (Player/Workstation) machine for the system: a .vmx file of
// `key = "value"` lines. The devices match what the drivers look for and
// what the Bochs and QEMU boots attach: the root disk (a .vmdk) as the
// primary IDE master (the ATA driver's disk), the GRUB ISO as the secondary
// master, booted first; COM1 (the kernel log) to a file, COM2 (the serial
// terminal init starts a shell on) to a named pipe VMware serves; an
// e1000 on the host-only network. File
// names are as given: relative ones are relative to the .vmx's folder.
public sealed record VmwareMachine(string DisplayName, string Disk, string Iso, string SerialLog, string TerminalPipe, int MemoryMiB = 128, string Firmware = "efi")
{
    // Hardware version 14 (Workstation 14, Player 14 and later); a 64-bit
    // guest of no listed kind.
    public const string HardwareVersion = "14";
    public const string GuestOs = "other-64";

    public IReadOnlyList<KeyValuePair<string, string>> Settings() => new KeyValuePair<string, string>[]
    {
        new(".encoding", "UTF-8"),
        new("config.version", "8"),
        new("virtualHW.version", HardwareVersion),
        new("displayName", DisplayName),
        new("guestOS", GuestOs),
        new("memsize", MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("numvcpus", "1"),
        // UEFI, as VMware makes new machines: the ISO's El Torito UEFI entry
        // (the kit's BOOTX64.EFI) boots; "bios" boots its BIOS entry.
        new("firmware", Firmware),
        new("ide0:0.present", "TRUE"),
        new("ide0:0.fileName", Disk),
        new("ide1:0.present", "TRUE"),
        new("ide1:0.deviceType", "cdrom-image"),
        new("ide1:0.fileName", Iso),
        new("ide1:0.startConnected", "TRUE"),
        new("bios.bootOrder", "cdrom,hdd"),
        new("serial0.present", "TRUE"),
        new("serial0.fileType", "file"),
        new("serial0.fileName", SerialLog),
        new("serial1.present", "TRUE"),
        new("serial1.fileType", "pipe"),
        new("serial1.fileName", TerminalPipe),
        new("serial1.pipe.endPoint", "server"),
        // VMware's "e1000" is an 82545EM (8086:100f; QEMU's and Bochs's
        // are the 82540EM, 8086:100e: the e1000 driver's policy needs
        // both lines) on the host-only network: VMware's own virtual
        // network with its DHCP server, which needs no host network
        // connection at boot and reaches the host but not the outside.
        new("ethernet0.present", "TRUE"),
        new("ethernet0.virtualDev", "e1000"),
        new("ethernet0.connectionType", "hostonly"),
        new("ethernet0.addressType", "generated"),
        new("ethernet0.startConnected", "TRUE"),
        // Devices the system has no driver for stay out of the machine.
        new("floppy0.present", "FALSE"),
        new("sound.present", "FALSE"),
        new("usb.present", "FALSE"),
    };

    // The .vmx text. VMware escapes '"' and control characters its own way
    // (|22), so a value holding one is refused rather than written wrong.
    public string Format()
    {
        if (Firmware != "efi" && Firmware != "bios")
            throw new ArgumentException($"VMware's firmware is efi or bios; got {Firmware}");
        if (MemoryMiB < 16 || MemoryMiB % 4 != 0)
            throw new ArgumentException($"VMware needs the memory size in MiB as a multiple of 4, at least 16; got {MemoryMiB}");
        var text = new StringBuilder();
        foreach (var (key, value) in Settings())
        {
            if (value.Length == 0 || value.IndexOfAny(new[] { '"', '|', '\n', '\r' }) >= 0)
                throw new ArgumentException($"cannot write {key} = \"{value}\" into a .vmx: the value is empty or holds '\"', '|' or a line break");
            text.Append(key).Append(" = \"").Append(value).Append("\"\n");
        }
        return text.ToString();
    }
}
