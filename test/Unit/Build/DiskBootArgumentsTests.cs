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
        Assert.That(arguments, Does.Contain(Qemu.DiskDrive("/o/usb,1.img")));
        Assert.That(string.Join(' ', arguments), Does.Contain("-m 256").And.Contain("-serial file:/tmp/s.log").And.Contain("-monitor none"));
    }

    [Test]
    public void AsAUsbStickTheImageIsMassStorageOnXhciFirstInBootOrder()
    {
        var arguments = DiskBoot.Arguments("/o/usb,1.img", DiskBoot.Attachment.UsbStick, Headless, "/tmp/s.log");
        Assert.That(arguments, Does.Contain("qemu-xhci,id=xhci"));
        Assert.That(arguments, Does.Contain("if=none,id=stick,format=raw,file=/o/usb,,1.img"));
        Assert.That(arguments, Does.Contain("usb-storage,bus=xhci.0,drive=stick,bootindex=0"));
        Assert.That(arguments.Any(a => a.Contains("if=ide")), Is.False);
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
