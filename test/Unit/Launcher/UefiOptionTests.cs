using System.Linq;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --uefi IMAGE: QEMU with OVMF's code read-only and a per-run variable store,
// S3 off (OVMF would keep the kernel's range for resume), the image as the
// CD when it is an ISO and as the IDE disk otherwise.
public class UefiOptionTests
{
    [Test]
    public void TheImageFollowsTheOption()
    {
        string[] args = { "--headless", "--uefi", "esp.img" };
        Assert.That(Program.TryParse(args, out _, out _, out string? error), Is.True, error);
        Assert.That(UefiBoot.FromArguments(args), Is.EqualTo("esp.img"));
        Assert.That(UefiBoot.FromArguments(new[] { "--headless" }), Is.Null);
    }

    [Test]
    public void WithoutAnImageTheOptionIsRefused()
    {
        Assert.That(Program.TryParse(new[] { "--uefi" }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("--uefi"));
    }

    [Test]
    public void FirmwareCodeIsReadOnlyAndTheVariablesAreTheRunsCopy()
    {
        var arguments = UefiBoot.Arguments("/tmp/esp.img", "/tmp/vars.fd", new BootOptions { Headless = true }, "/tmp/s.log");
        Assert.That(arguments, Does.Contain($"if=pflash,format=raw,unit=0,readonly=on,file={UefiBoot.FirmwareCode}"));
        Assert.That(arguments, Does.Contain("if=pflash,format=raw,unit=1,file=/tmp/vars.fd"));
        Assert.That(arguments, Does.Contain("ICH9-LPC.disable_s3=1"));
        Assert.That(arguments, Does.Not.Contain("-kernel"));
        Assert.That(arguments.Any(a => a.Contains("file=/tmp/esp.img") && a.Contains("media=disk")), Is.True);
    }

    [Test]
    public void AnIsoIsTheCdAndTheRootDiskStays()
    {
        var options = new BootOptions { Headless = true, Machine = MachineType.Pc, DiskImage = "/tmp/root.img" };
        var arguments = UefiBoot.Arguments("/tmp/minix3.iso", "/tmp/vars.fd", options, "/tmp/s.log");
        Assert.That(arguments, Does.Contain("PIIX4_PM.disable_s3=1"));
        Assert.That(arguments[arguments.IndexOf("-cdrom") + 1], Is.EqualTo("/tmp/minix3.iso"));
        Assert.That(arguments.Any(a => a.Contains("file=/tmp/root.img")), Is.True);
    }
}
