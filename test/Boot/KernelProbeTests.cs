using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Issue 13's kernel probes on the test image: an invalid opcode, device
// memory outside a policy, the second fuzzer (every kernel call), and RS
// fed malformed requests. Each boot is shared by the assertions about it.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class KernelProbeTests
{
    private static readonly object s_lock = new();
    private static Launcher.BootResult? s_intruder, s_fuzzer2, s_rsGarbage;

    private static Launcher.BootResult IntruderRun()
    {
        lock (s_lock)
            return s_intruder ??= GuestRun.Qemu("start=monitor,pong,intruder exit_when=intruder", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    private static Launcher.BootResult Fuzzer2Run()
    {
        lock (s_lock)
            return s_fuzzer2 ??= GuestRun.Qemu("start=monitor,pong,victim,fuzzer2,ping exit_when=fuzzer2,ping", image: GuestRun.TestImage, timeoutSeconds: 150);
    }

    private static Launcher.BootResult RsGarbageRun()
    {
        lock (s_lock)
            return s_rsGarbage ??= GuestRun.Qemu("start=monitor,ds,rs,hello,rsgarbage exit_when=rsgarbage", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [Test]
    public void AnInvalidOpcodeStopsOnlyTheOffenderWhichIsReported()
    {
        var run = IntruderRun();
        GuestRun.Line(run, @"^\[intruder\] intruder: probes done; executing ud2$");
        GuestRun.Line(run, @"^\[intruder\] stopped by CPU exception #UD invalid opcode at 0x[0-9a-f]+ \(instruction 0x0*8[0-9a-f]{9}\)$");
        GuestRun.Line(run, @"^\[monitor\] monitor: defect report: endpoint \d+ class 3 address 0x[0-9a-f]+ detail 6 reason """"$");
        GuestRun.Line(run, @"^\[monitor\] monitor: notify to the dead endpoint: status -3$");
        GuestRun.Line(run, @"^\[monitor\] monitor: pong still serving$");
        Assert.That(run.SerialLog, Does.Not.Contain("INVALID OPCODE RETURNED"));
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
        Assert.That(run.ExitCode, Is.EqualTo(1), "the watched component failed, as it should");
    }

    [TestCase("umap-unlisted-range")]
    [TestCase("umap-past-listed-range")]
    [TestCase("umap-kernel-image")]
    [TestCase("umap-wrapping-range")]
    public void DeviceMemoryOutsideThePolicyIsRefused(string probe)
    {
        GuestRun.Line(IntruderRun(), $@"^\[intruder\] intruder: {Regex.Escape(probe)}: refused -2$");
    }

    [TestCase("vm-fork-without-fork")]
    [TestCase("vm-exec-without-exec")]
    [TestCase("vm-spawn-without-exec")]
    public void MemoryManagerRequestsTheTableDoesNotAllowAreRefused(string probe)
    {
        GuestRun.Line(IntruderRun(), $@"^\[intruder\] intruder: {Regex.Escape(probe)}: refused -2$");
    }

    [Test]
    public void DeviceMemoryInThePolicyIsMappedAndRefusalsAreLogged()
    {
        var run = IntruderRun();
        GuestRun.Line(run, @"^\[intruder\] intruder: umap-listed-range: allowed$");
        // One "denied memory" line per refused probe (the log shows the address's low 16 bits).
        Assert.That(Regex.Matches(run.SerialLog, @"^\[intruder\] denied memory 0x[0-9a-f]{4}$", RegexOptions.Multiline).Count, Is.EqualTo(4));
    }

    [Test]
    public void EveryKernelCallWithRandomArgumentsDoesNotCrashTheKernel()
    {
        var run = Fuzzer2Run();
        GuestRun.Line(run, @"^\[fuzzer2\] fuzzer2: seed 0x[0-9a-f]+, 100000 operations, victim \d+$");
        var summary = GuestRun.Line(run, @"^\[fuzzer2\] fuzzer2: 100000 operations, (\d+) refused, (\d+) accepted, (\d+) forks, (\d+) kills; still alive$");
        Assert.That(int.Parse(summary.Groups[1].Value), Is.GreaterThan(10_000), "most random calls are refused");
        Assert.That(int.Parse(summary.Groups[2].Value), Is.GreaterThan(1_000), "and some reach a handler's success path");
        Assert.That(int.Parse(summary.Groups[3].Value), Is.GreaterThan(0), "the fuzzer forked");
        GuestRun.Line(run, @"^\[fuzzer2\] fuzzer2: pong answers after the run$");
        GuestRun.Line(run, @"^\[fuzzer2\] exited with status 0$");
        GuestRun.Line(run, @"^\[ping\] ping: 1000 round trips ok$");
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC"));
        Assert.That(run.SerialLog, Does.Not.Contain("SYSTEM PANIC"));
        Assert.That(run.SerialLog, Does.Not.Contain("PONG NOT SERVING"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void EveryProcessTheSecondFuzzerKillsIsReportedToItsManager()
    {
        var run = Fuzzer2Run();
        var summary = GuestRun.Line(run, @"^\[fuzzer2\] fuzzer2: 100000 operations, \d+ refused, \d+ accepted, \d+ forks, (\d+) kills; still alive$");
        int kills = int.Parse(summary.Groups[1].Value);
        Assert.That(kills, Is.GreaterThan(0), "the fuzzer killed something");
        string fuzzer = GuestRun.Line(run, @"^\[fuzzer2\] started: endpoint (\d+)").Groups[1].Value;
        int logged = Regex.Matches(run.SerialLog, $@"^\[victim\] killed by endpoint {fuzzer}$", RegexOptions.Multiline).Count;
        var reports = Regex.Matches(run.SerialLog, @"^\[monitor\] monitor: defect report: endpoint \d+ class (\d+) ", RegexOptions.Multiline);
        Assert.That(logged, Is.EqualTo(kills), "the kernel logged each kill");
        Assert.That(reports.Count(r => r.Groups[1].Value == "4"), Is.EqualTo(kills), "monitor heard of each kill");
        // Besides the kills, only ping's and fuzzer2's own exits (class 1) end anything.
        Assert.That(reports.Where(r => r.Groups[1].Value != "4").Select(r => r.Groups[1].Value), Is.All.EqualTo("1"));
    }

    [TestCase("unknown-type", -82)]
    [TestCase("type-below-status", -82)]
    [TestCase("type-above-last", -82)]
    [TestCase("type-fault-notice", -82)]
    [TestCase("type-int-min", -82)]
    [TestCase("forged-source-type-zero", -82)]
    [TestCase("status-negative-index", -80)]
    [TestCase("status-huge-index", -80)]
    [TestCase("status-index-past-32-bits", -80)]
    [TestCase("label-length-zero", -81)]
    [TestCase("label-length-negative", -81)]
    [TestCase("label-length-33", -81)]
    [TestCase("label-length-min", -81)]
    [TestCase("label-length-past-32-bits", -81)]
    [TestCase("label-unterminated", -80)]
    [TestCase("label-with-nul", -80)]
    [TestCase("critical-label-with-nul", -80)]
    [TestCase("label-with-control-byte", -80)]
    [TestCase("up-unknown-label", -80)]
    [TestCase("down-critical", -88)]
    [TestCase("update-grant-not-made", -89)]
    [TestCase("update-grant-negative", -89)]
    [TestCase("update-length-negative", -89)]
    [TestCase("update-length-too-big", -89)]
    [TestCase("instance-names-unterminated", -81)]
    [TestCase("instance-names-empty", -81)]
    public void AMalformedRequestToRsIsRefusedWithAnErrorStatus(string probe, int status)
    {
        GuestRun.Line(RsGarbageRun(), $@"^\[rsgarbage\] rsgarbage: {Regex.Escape(probe)}: status {status}$");
    }

    [Test]
    public void RsKeepsServingAfterMalformedRequestsAndTouchesNoComponent()
    {
        var run = RsGarbageRun();
        GuestRun.Line(run, @"^\[rsgarbage\] rsgarbage: forged-heartbeat-answer: sent 0$");
        GuestRun.Line(run, @"^\[rsgarbage\] rsgarbage: forged-update-ready: sent 0$");
        GuestRun.Line(run, @"^\[rsgarbage\] rsgarbage: rs still serves: hello state 1 endpoint \d+$");
        GuestRun.Line(run, @"^\[rsgarbage\] rsgarbage: done; rs listed [1-9]\d* components$");
        GuestRun.Line(run, @"^\[rsgarbage\] exited with status 0$");
        Assert.That(run.SerialLog, Does.Not.Contain("rs: restarted"));
        Assert.That(run.SerialLog, Does.Not.Contain("taken down"));
        Assert.That(run.SerialLog, Does.Not.Contain("PANIC"));
        Assert.That(run.SerialLog, Does.Not.Match(@"rsgarbage: [a-z0-9-]+: ipc -"), "every request was delivered and answered");
    }
}
