using System.Collections.Generic;

namespace Minix3.Cosmos.Launcher;

// The PC QEMU emulates (`--machine`).
public enum MachineType
{
    // ICH9 (q35) with Intel's IOMMU (VT-d) unless --no-iommu: every
    // bus-mastering PCI device's DMA goes through the remapping hardware
    // once the system turns it on (issue 17). The default.
    Q35,

    // The older i440FX/PIIX3 (`pc`): no IOMMU; the IDE controller is
    // function 1 of the PIIX3 bridge.
    Pc,
}

// Where `--disk` goes (`--disk-bus`): the IDE controller (the ata
// driver's; the default) or, on q35, the ICH9's AHCI controller (ahci's).
public enum DiskBus
{
    Ide,
    Ahci,
}

// QEMU's machine arguments and IDE drives for `pc` and `q35`, shared by
// the launcher's boots (Qemu.cs, DiskBoot.cs) and the bench's Linux peer,
// so every side-by-side guest runs on the same machine.
public static class QemuMachine
{
    // Translation only: no interrupt remapping (nothing here programs it,
    // and QEMU's TCG would otherwise advertise it in the DMAR table).
    // aw-bits stays at QEMU's 39 (3-level tables, 512 GiB).
    public const string IommuDevice = "intel-iommu,intremap=off";

    // q35's own disk controller is the ICH9's AHCI (SATA) function, which
    // the ata driver (legacy ports 0x1f0/0x3f6, polled PIO) cannot drive
    // (the ahci driver can: `--disk-bus ahci`, AhciDrive). So by default
    // on q35 the disk sits on a PIIX3 IDE function added as its own PCI
    // device (8086:7010, class 01.01.80): legacy ports and IRQ 14/15, as
    // on `pc`, and a bus-master BAR4 whose DMA goes through the IOMMU.
    public const string IdeControllerId = "ide";
    public const string IdeController = "piix3-ide,id=" + IdeControllerId;

    public static string Name(MachineType machine) => machine == MachineType.Pc ? "pc" : "q35";

    public static bool TryParse(string text, out MachineType machine)
    {
        switch (text)
        {
            case "q35": machine = MachineType.Q35; return true;
            case "pc": machine = MachineType.Pc; return true;
            default: machine = default; return false;
        }
    }

    public static bool HasIommu(BootOptions options) => options.Machine == MachineType.Q35 && options.Iommu;

    // -machine, the IOMMU, and memory. The IOMMU comes before every other
    // -device, ahead of the PCI devices whose DMA it translates: the safe
    // order (QEMU 7.2 itself accepts either).
    public static List<string> Arguments(BootOptions options)
    {
        var arguments = new List<string> { "-machine", Name(options.Machine) };
        if (HasIommu(options))
            arguments.AddRange(new[] { "-device", IommuDevice });
        arguments.AddRange(new[] { "-m", options.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return arguments;
    }

    // `disk`: a raw image as the primary IDE master (what the ata driver
    // finds); `cdrom`: an ISO as the secondary master (what -cdrom gives
    // on `pc`). On q35 the controller is there even with neither, as the
    // PIIX3's IDE function always is on `pc`: the ata driver then finds
    // an empty channel, not a floating bus, and the PCI layout stays put.
    public static List<string> IdeDrives(MachineType machine, string? disk, string? cdrom = null)
    {
        var arguments = new List<string>();
        if (machine == MachineType.Pc)
        {
            if (cdrom != null)
                arguments.AddRange(new[] { "-cdrom", cdrom });
            if (disk != null)
                arguments.AddRange(new[] { "-drive", Qemu.DiskDrive(disk) });
            return arguments;
        }
        arguments.AddRange(new[] { "-device", IdeController });
        if (disk != null)
            arguments.AddRange(new[]
            {
                "-drive", $"if=none,id=disk0,file={Escape(disk)},format=raw,media=disk",
                "-device", $"ide-hd,drive=disk0,bus={IdeControllerId}.0,unit=0",
            });
        if (cdrom != null)
            arguments.AddRange(new[]
            {
                "-drive", $"if=none,id=cd0,file={Escape(cdrom)},format=raw,media=cdrom,readonly=on",
                "-device", $"ide-cd,drive=cd0,bus={IdeControllerId}.1,unit=0",
            });
        return arguments;
    }

    // `--disk-bus ahci`: the disk on q35's own ICH9 AHCI controller (00:1f.2,
    // the ahci driver's) instead of the PIIX3 IDE function, which stays
    // (the PCI layout does not change with the bus). Its port 2: the
    // built-in controller's buses are named ide.0-ide.5 by creation order,
    // and the PIIX3's, named after its id, are ide.0 and ide.1 too, which
    // QEMU resolves to the PIIX3.
    public const string AhciBus = "ide.2";

    public static List<string> AhciDrive(string disk) => new()
    {
        "-drive", $"if=none,id=sata0,file={Escape(disk)},format=raw,media=disk",
        "-device", $"ide-hd,drive=sata0,bus={AhciBus}",
    };

    public static bool TryParseDiskBus(string text, out DiskBus bus)
    {
        switch (text)
        {
            case "ide": bus = DiskBus.Ide; return true;
            case "ahci": bus = DiskBus.Ahci; return true;
            default: bus = default; return false;
        }
    }

    // QEMU's option syntax: a comma inside a value is written twice.
    private static string Escape(string value) => value.Replace(",", ",,");
}
