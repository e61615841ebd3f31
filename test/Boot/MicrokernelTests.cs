using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Components as isolated ring-3 processes (test image: kernel + test
// components). Each scenario names its cast with start= and ends with
// exit_when=; "monitor" is the signal manager that receives defect reports.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class MicrokernelTests
{
    private static Launcher.BootResult Run(string arguments) => GuestRun.Qemu(arguments, image: GuestRun.TestImage, timeoutSeconds: 90);

    [Test]
    public void TwoComponentsPingPongAThousandMessages()
    {
        var run = Run("start=monitor,pong,ping exit_when=ping");
        GuestRun.Line(run, @"^\[ping\] started: endpoint \d+, \d+ KiB$");
        GuestRun.Line(run, @"^\[pong\] started: endpoint \d+, \d+ KiB$");
        GuestRun.Line(run, @"^\[ping\] ping: 1000 round trips ok$");
        GuestRun.Line(run, @"^\[ping\] exited with status 0$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [TestCase("ipc-to-forbidden-target", -2)]
    [TestCase("notify-forbidden-target", -2)]
    [TestCase("forbidden-kernel-call", -2)]
    [TestCase("unknown-trap", -1)]
    [TestCase("port-outside-range", -2)]
    [TestCase("port-straddling-range", -2)]
    [TestCase("irq-not-owned", -2)]
    [TestCase("kernel-memory-as-message", -5)]
    [TestCase("kernel-memory-as-copy-target", -8)]
    [TestCase("wrong-rights-grant-write", -9)]
    [TestCase("stale-grant", -8)]
    [TestCase("forged-grant-index", -8)]
    [TestCase("grant-out-of-range", -10)]
    [TestCase("write-other-component-memory", -8)]
    public void HostileProbeIsRefused(string probe, int status)
    {
        var run = HostileRun();
        GuestRun.Line(run, $@"^\[hostile\] hostile: {Regex.Escape(probe)}: refused {status}$");
    }

    [TestCase("port-inside-range")]
    [TestCase("publish-grant-table")]
    [TestCase("valid-grant-read")]
    public void HostileAllowedOperationStillWorks(string probe)
    {
        GuestRun.Line(HostileRun(), $@"^\[hostile\] hostile: {Regex.Escape(probe)}: allowed$");
    }

    [Test]
    public void RefusalsAreLoggedWithTheComponentsName()
    {
        var run = HostileRun();
        GuestRun.Line(run, @"^\[hostile\] denied IPC to endpoint 0x[0-9a-f]+$");
        GuestRun.Line(run, @"^\[hostile\] denied kernel call 8$");
        GuestRun.Line(run, @"^\[hostile\] denied port 0x0064$");
        GuestRun.Line(run, @"^\[hostile\] denied irq 0x0001$");
    }

    [Test]
    public void PrivilegedInstructionStopsOnlyTheOffenderWhichIsReported()
    {
        var run = HostileRun();
        GuestRun.Line(run, @"^\[hostile\] stopped by CPU exception #GP general protection fault at 0x0000008[0-9a-f]+ \(instruction 0x[0-9a-f]+\)$");
        GuestRun.Line(run, @"^\[monitor\] monitor: defect report: endpoint \d+ class 3 address 0x8[0-9a-f]+ detail 13 reason """"$");
        GuestRun.Line(run, @"^\[monitor\] monitor: pong still serving$");
        Assert.That(run.SerialLog, Does.Not.Contain("PRIVILEGED INSTRUCTION WAS ALLOWED"));
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
    }

    [Test]
    public void ReadingKernelMemoryStopsTheComponentAndItsEndpointDies()
    {
        var run = Run("start=monitor,pong,faulty exit_when=faulty");
        GuestRun.Line(run, @"^\[faulty\] stopped by CPU exception #PF page fault at 0x0000000000100000 \(instruction 0x[0-9a-f]+\)$");
        GuestRun.Line(run, @"^\[monitor\] monitor: defect report: endpoint \d+ class 3 address 0x100000 detail 14 reason """"$");
        GuestRun.Line(run, @"^\[monitor\] monitor: notify to the dead endpoint: status -3$");
        GuestRun.Line(run, @"^\[monitor\] monitor: pong still serving$");
        Assert.That(run.SerialLog, Does.Not.Contain("READ KERNEL MEMORY"));
        Assert.That(run.ExitCode, Is.EqualTo(1), "the watched component failed, as it should");
    }

    [Test]
    public void AHundredThousandRandomTrapsDoNotCrashTheKernel()
    {
        var run = Run("start=monitor,pong,fuzzer,ping exit_when=fuzzer,ping");
        var summary = GuestRun.Line(run, @"^\[fuzzer\] fuzzer: 100000 operations, (\d+) refused, (\d+) accepted; still alive$");
        Assert.That(int.Parse(summary.Groups[1].Value), Is.GreaterThan(1000), "most random calls are refused");
        GuestRun.Line(run, @"^\[ping\] ping: 1000 round trips ok$");
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    private static Launcher.BootResult? s_hostile;
    private static readonly object s_hostileLock = new();

    // One boot serves every hostile assertion.
    private static Launcher.BootResult HostileRun()
    {
        lock (s_hostileLock)
            return s_hostile ??= Run("start=monitor,pong,ds,hostile exit_when=hostile");
    }
}

// The kernel calls the process manager and drivers use, and scheduling.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class KernelCallTests
{
    private static Launcher.BootResult? s_pm;
    private static readonly object s_lock = new();

    private static Launcher.BootResult PmRun()
    {
        lock (s_lock)
            return s_pm ??= GuestRun.Qemu("start=monitor,pong,pmtest exit_when=pmtest", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [Test]
    public void ForkCopiesAServerThatThenAnswers()
    {
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: fork ok, child endpoint \d+$");
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: forked copy answers 42$");
    }

    [Test]
    public void ExecReplacesTheImageOfAProcess()
    {
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: exec ok$");
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: exec'd image answers 42$");
    }

    [Test]
    public void PrivCtlInstallsANewPrivilegeTable()
    {
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: privctl status 0; the copy is now ping$");
    }

    [Test]
    public void KillEndsAProcessAndReportsItsDefect()
    {
        GuestRun.Line(PmRun(), @"^\[ping\] killed by endpoint \d+$");
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: kill status 0, then send status -3$");
        GuestRun.Line(PmRun(), @"^\[monitor\] monitor: defect report: endpoint \d+ class 4 ");
    }

    [Test]
    public void AlarmArrivesAsAKernelNotification()
    {
        var alarm = GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: alarm status 0, notification 0 from -3 alarm flag 1, ticks waited (\d+)$");
        Assert.That(int.Parse(alarm.Groups[1].Value), Is.InRange(5, 10), "50 ms at 100 Hz");
    }

    [Test]
    public void DeviceMemoryIsMappedIntoTheCaller()
    {
        GuestRun.Line(PmRun(), @"^\[pmtest\] pmtest: umap ok, read back 0x2f21$");
        Assert.That(PmRun().ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ACpuHogIsPreemptedSoOthersFinish()
    {
        var run = GuestRun.Qemu("start=monitor,pong,spinner,ping exit_when=ping timer_hz=1000", image: GuestRun.TestImage, timeoutSeconds: 90);
        GuestRun.Line(run, @"^\[spinner\] spinner: spinning$");
        GuestRun.Line(run, @"^\[ping\] ping: 1000 round trips ok$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}

// The garbage-collected heap of ring-3 components.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class CollectorTests
{
    [Test]
    public void CorelibSuitePassesInRing3AndTheCollectorKeepsLiveDataIntact()
    {
        var run = GuestRun.Qemu("start=monitor,gctest exit_when=gctest", image: GuestRun.TestImage, timeoutSeconds: 120);
        // The corelib's regression suite runs here only: the kernel does not link it.
        var suite = GuestRun.Line(run, @"^\[gctest\] corelib: (\d+) passed, (\d+) failed$");
        Assert.That(int.Parse(suite.Groups[1].Value), Is.GreaterThanOrEqualTo(100), "the memory-move checks included");
        Assert.That(suite.Groups[2].Value, Is.EqualTo("0"));
        var stress = GuestRun.Line(run, @"^\[gctest\] gctest: allocated (\d+) MiB through a (\d+) KiB heap; (\d+) collections; live list intact$");
        long allocatedMiB = long.Parse(stress.Groups[1].Value), heapKiB = long.Parse(stress.Groups[2].Value);
        Assert.That(allocatedMiB * 1024, Is.GreaterThan(100 * heapKiB), "more than 100 times the heap");
        Assert.That(int.Parse(stress.Groups[3].Value), Is.GreaterThan(10));
        GuestRun.Line(run, @"^\[gctest\] gctest: many objects ok; large objects ok; live after collect \d+ KiB$");
        var grown = GuestRun.Line(run, @"^\[gctest\] gctest: live data beyond the initial heap: (\d+) KiB live, intact$");
        Assert.That(int.Parse(grown.Groups[1].Value), Is.GreaterThan(4096), "more than the 4 MiB the image reserves");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void RunningOutOfHeapIsACleanReportedPanic()
    {
        var run = GuestRun.Qemu("start=monitor,pong,hog exit_when=hog", image: GuestRun.TestImage, timeoutSeconds: 60);
        GuestRun.Line(run, @"^\[hog\] panicked: out of memory: the heap is full");
        GuestRun.Line(run, @"^\[monitor\] monitor: defect report: endpoint \d+ class 2 address 0x0 detail 65536 reason ""out of memory: the heap ""$");
        GuestRun.Line(run, @"^\[monitor\] monitor: pong still serving$");
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
    }
}

// Managed exceptions in components, including the CPU faults the kernel
// hands back to the component's runtime.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ExceptionTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=monitor,pong,exctest exit_when=exctest", image: GuestRun.TestImage, timeoutSeconds: 60);
    }

    [Test]
    public void NullDereferenceIsACatchableExceptionAndFinallyRuns() =>
        GuestRun.Line(Run(), @"^\[exctest\] exctest: null reference caught \(Object reference not set to an instance of an object\.\), finally ran$");

    [Test]
    public void DivisionByZeroIsACatchableException() =>
        GuestRun.Line(Run(), @"^\[exctest\] exctest: divide by zero caught$");

    [Test]
    public void RepeatedFaultsAreEachHandled() =>
        GuestRun.Line(Run(), @"^\[exctest\] exctest: 100 alternating faults, 100 handled$");

    [Test]
    public void AnUnhandledExceptionEndsTheComponentWithItsTypeAndMessage()
    {
        GuestRun.Line(Run(), @"^\[exctest\] panicked: unhandled InvalidOperationException: nobody catches this$");
        GuestRun.Line(Run(), @"^\[monitor\] monitor: defect report: endpoint \d+ class 2 address 0x0 detail 65536 reason ""unhandled InvalidOperati""$");
        GuestRun.Line(Run(), @"^\[monitor\] monitor: pong still serving$");
        Assert.That(Run().SerialLog, Does.Not.Contain("KERNEL PANIC"));
    }
}

// The driver libraries and the first drivers: hello (the template), the
// memory devices and a RAM disk, driven through grants by a test client.
[TestFixture]
public class DriverTests
{
    [Test]
    public void DriversServeTheDriverProtocolThroughGrants()
    {
        var run = GuestRun.Qemu("start=monitor,ds,hello,memory,ramdisk,devclient exit_when=devclient", image: GuestRun.TestImage, timeoutSeconds: 60);
        // The driver library's start-up layer asked DS before serving.
        GuestRun.Line(run, @"^\[hello\] hello: fresh start$");
        foreach (string check in new[] { "hello-read", "hello-end-of-file", "hello-ioctl-default", "null-write", "null-read", "zero-read", "unknown-minor",
                     "ramdisk-geometry", "ramdisk-write", "ramdisk-read-back", "ramdisk-past-end", "ramdisk-unaligned", "ramdisk-bad-grant",
                     "ramdisk-too-long", "unknown-request", "heartbeat" })
            GuestRun.Line(run, $@"^\[devclient\] devclient: {check}: ok$");
        GuestRun.Line(run, @"^\[devclient\] devclient: all checks passed$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ADeviceInterruptReachesItsDriverAsNotifications()
    {
        var run = GuestRun.Qemu("start=monitor,rtctest exit_when=rtctest", image: GuestRun.TestImage, timeoutSeconds: 60);
        GuestRun.Line(run, @"^\[rtctest\] rtctest: 10 interrupts delivered as notifications$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void EveryComponentOfTheTestImageHasItsPrivilegeTable()
    {
        var run = GuestRun.Qemu("start=monitor halt_after=200", image: GuestRun.TestImage, timeoutSeconds: 60);
        Assert.That(run.SerialLog, Does.Not.Contain("skipped malformed entry"));
        // Only programs (Command projects, which PM execs with user.priv)
        // may come without a table of their own.
        Match programs = Regex.Match(run.SerialLog, @"loader: programs for PM, not started \(no privilege table\): (.*)");
        if (!programs.Success)
            return;
        foreach (string name in programs.Groups[1].Value.Trim().Split(", "))
            Assert.That(ProjectKind(name), Is.EqualTo("Command"), $"module {name} has no privilege table");
    }

    // The <Minix3Kind> of the project whose assembly is `name`, or null.
    private static string? ProjectKind(string name)
    {
        string root = GuestRun.Image.RepositoryRoot;
        foreach (string project in System.IO.Directory.EnumerateFiles(root, "*.csproj", System.IO.SearchOption.AllDirectories))
        {
            string text = System.IO.File.ReadAllText(project);
            if (text.Contains($"<AssemblyName>{name}</AssemblyName>"))
                return Regex.Match(text, "<Minix3Kind>(\\w+)</Minix3Kind>").Groups[1].Value;
        }
        return null;
    }
}
