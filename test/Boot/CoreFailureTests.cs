using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A critical component (PM, VFS, DS, FS, RS, vm: their policies say `critical`)
// cannot be recovered: every process depends on state it held. When one
// ends, the kernel stops the system at once with a panic that names it,
// so the failure is clear and the run ends deterministically instead of
// hanging until a timeout.
[TestFixture]
public class CoreFailureTests
{
    [Test]
    public void KillingDsStopsTheSystemWithAPanicNamingIt()
    {
        var run = GuestRun.Qemu("start=monitor,ds,rs,corekiller", image: GuestRun.TestImage, timeoutSeconds: 60);

        GuestRun.Line(run, @"^\[corekiller\] corekiller: killing ds$");
        GuestRun.Line(run, @"^\[ds\] killed by endpoint \d+$");
        GuestRun.Line(run, @"^SYSTEM PANIC: ds, a critical component, ended; the system cannot continue$");
        Assert.That(run.SerialLog, Does.Not.Contain("the system still runs"));
        Assert.That(run.TimedOut, Is.False, "the system stopped by itself");
        Assert.That(run.ExitCode, Is.EqualTo(1), "status 1: the system failed");
    }

    // The memory manager is critical too: every heap grows through it.
    [Test]
    public void KillingTheMemoryManagerStopsTheSystemWithAPanicNamingIt()
    {
        var run = GuestRun.Qemu("start=monitor,corekiller", image: GuestRun.TestImage, timeoutSeconds: 60);

        GuestRun.Line(run, @"^\[corekiller\] corekiller: killing vm$");
        GuestRun.Line(run, @"^\[vm\] killed by endpoint \d+$");
        GuestRun.Line(run, @"^SYSTEM PANIC: vm, a critical component, ended; the system cannot continue$");
        Assert.That(run.SerialLog, Does.Not.Contain("the system still runs"));
        Assert.That(run.TimedOut, Is.False, "the system stopped by itself");
        Assert.That(run.ExitCode, Is.EqualTo(1), "status 1: the system failed");
    }
}
