using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The same kernel through GRUB (Multiboot, as QEMU -kernel boots it) from the
// hybrid ISO, in QEMU and Bochs: the test image's, whose kernel has test=.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ImageTests
{
    [Test]
    public void IsoBootsInQemuThroughGrub()
    {
        // GRUB reads the test image's 114 modules from the emulated CD: slow on a busy host.
        var run = GuestRun.Qemu("test=boot", iso: true, image: GuestRun.TestImage, timeoutSeconds: 120);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        var boot = GuestRun.Line(run, @"^boot: Multiboot1 from GRUB.*, (\d+) modules$");
        Assert.That(int.Parse(boot.Groups[1].Value), Is.EqualTo(GuestRun.TestImage.Modules().Count), "every module line of grub.cfg arrived");
    }

    [Test]
    public void IsoBootsInBochs()
    {
        var run = GuestRun.Bochs("test=timer", image: GuestRun.TestImage);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^Minix3\.Cosmos kernel");
        GuestRun.Line(run, @"^boot: Multiboot1 from GRUB");
        GuestRun.Line(run, @"^timer: ticks advanced from \d+ to \d+");
    }
}
