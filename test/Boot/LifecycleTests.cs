using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The start-up layer (src/Lib/Sys/Lifecycle.cs): a component learns from DS
// whether it starts fresh, restarts after a failure, or replaces itself in
// a live update. test/Components/Restarter plays the reincarnation server:
// it restarts lifeprobe after its panic, then again after publishing the
// update marker.
[TestFixture]
public class LifecycleTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=ds,pong,lifeprobe,restarter exit_when=restarter", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [Test]
    public void TheFirstStartIsFresh() =>
        GuestRun.Line(Run(), @"^\[lifeprobe\] lifeprobe: start fresh, instance 1$");

    [Test]
    public void AStartAfterAFailureIsARestart() =>
        GuestRun.Line(Run(), @"^\[lifeprobe\] lifeprobe: start restart, instance 2$");

    [Test]
    public void AStartAfterAnUpdateRequestIsALiveUpdate() =>
        GuestRun.Line(Run(), @"^\[lifeprobe\] lifeprobe: start live-update, instance 3$");

    [Test]
    public void TheRestarterSawEveryEndingAndSucceeded()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[restarter\] restarter: done$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
