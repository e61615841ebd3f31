using System.Linq;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// How the launcher boots the build's USB image (src/Launcher/DiskBoot.cs):
// from the BIOS, never with -kernel.
public class DiskBootArgumentsTests
{
    private static readonly BootOptions Headless = new() { Headless = true, MemoryMiB = 256 };

    [Test]
    public void AsTheIdeDiskTheImageIsThePrimaryMasterAndNothingIsLoadedDirectly()
    {
        var arguments = DiskBoot.Arguments("/o/usb,1.img", DiskBoot.Attachment.Ide, Headless, "/tmp/s.log");
        Assert.That(arguments, Does.Not.Contain("-kernel").And.Not.Contain("-initrd").And.Not.Contain("-cdrom"));
        // q35: on the PIIX3 IDE function, as the launcher's --disk.
        Assert.That(string.Join(' ', arguments), Does.Contain("-device piix3-ide,id=ide -drive if=none,id=disk0,file=/o/usb,,1.img,format=raw,media=disk -device ide-hd,drive=disk0,bus=ide.0,unit=0"));
        Assert.That(string.Join(' ', arguments), Does.Contain("-machine q35 -device intel-iommu,intremap=off -m 256").And.Contain("-serial file:/tmp/s.log").And.Contain("-monitor none"));
        var pc = DiskBoot.Arguments("/o/usb,1.img", DiskBoot.Attachment.Ide, Headless with { Machine = MachineType.Pc }, "/tmp/s.log");
        Assert.That(pc, Does.Contain(Qemu.DiskDrive("/o/usb,1.img")));
        Assert.That(pc, Does.Not.Contain("piix3-ide,id=ide").And.Not.Contain("intel-iommu,intremap=off"));
    }

    [Test]
    public void AsAUsbStickTheImageIsMassStorageOnXhciFirstInBootOrder()
    {
        var arguments = DiskBoot.Arguments("/o/usb,1.img", DiskBoot.Attachment.UsbStick, Headless, "/tmp/s.log");
        Assert.That(arguments, Does.Contain("qemu-xhci,id=xhci"));
        Assert.That(arguments, Does.Contain("if=none,id=stick,format=raw,file=/o/usb,,1.img"));
        Assert.That(arguments, Does.Contain("usb-storage,bus=xhci.0,drive=stick,bootindex=0"));
        Assert.That(arguments.Any(a => a.Contains("if=ide") || a.Contains("ide-hd") || a.Contains("piix3-ide")), Is.False);
    }

    [Test]
    public void InteractivelyThisTerminalIsCom2AndTheLogAFile()
    {
        string joined = string.Join(' ', DiskBoot.Arguments("/d.img", DiskBoot.Attachment.Ide, new BootOptions(), "/tmp/s.log"));
        Assert.That(joined, Does.Contain("-serial file:/tmp/s.log -serial mon:stdio"));
    }

    [Test]
    public void TheOptionsChooseTheAttachment()
    {
        Assert.That(DiskBoot.FromArguments(new[] { "--usb" }), Is.EqualTo(DiskBoot.Attachment.Ide));
        Assert.That(DiskBoot.FromArguments(new[] { "--headless", "--usb-stick" }), Is.EqualTo(DiskBoot.Attachment.UsbStick));
        Assert.That(DiskBoot.FromArguments(new[] { "--iso" }), Is.Null);
    }
}
