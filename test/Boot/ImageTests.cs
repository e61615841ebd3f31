using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The same kernel through GRUB (Multiboot2) from the hybrid ISO, in QEMU and Bochs.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ImageTests
{
    [Test]
    public void IsoBootsInQemuThroughGrub()
    {
        var run = GuestRun.Qemu("test=boot", iso: true);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^boot: Multiboot2 from GRUB");
        GuestRun.Line(run, @"^  symbols: \d+ kernel functions$");
    }

    [Test]
    public void IsoBootsInBochs()
    {
        var run = GuestRun.Bochs("test=timer");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^Minix3\.Cosmos kernel");
        GuestRun.Line(run, @"^boot: Multiboot2 from GRUB");
        GuestRun.Line(run, @"^timer: ticks advanced from \d+ to \d+");
    }
}
