using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Source-level debugging of the booted image (docs/debugging.md): QEMU
// waits for gdb (launcher --debug), gdb attaches with the helpers in
// src/Launcher/gdb/minix3.py and the DWARF info ilc emits (-g), and a
// breakpoint on a C# method by name stops there with its arguments.
// Each test takes its own free port, so they run in parallel.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class DebuggerTests
{
    private static readonly TimeSpan GdbTimeout = TimeSpan.FromSeconds(60);

    // The kernel's entry from the assembly stub (kmain): the first C# code.
    private const string KernelEntry = "Minix3_Cosmos_Kernel_Minix3_Cosmos_Kernel_Boot_KernelMain__Start";

    // Every line of the kernel log passes here; its argument is a C# string.
    private const string KernelLogWrite = "Minix3_Cosmos_Kernel_Minix3_Cosmos_Kernel_Diagnostics_Log__Write";

    // The Hello driver's start-up hook (src/Drivers/Examples/Hello).
    private const string HelloStarted = "hello_Minix3_Cosmos_Drivers_Examples_Hello_HelloDriver__Started";

    [Test]
    public void BreakpointOnKernelMethodStopsThereWithArgumentsAndSource()
    {
        HostTools.Require("gdb", "gdb");
        int port = GdbStub.FreePort();
        // As a user starts it: the launcher says when QEMU waits, and how to attach.
        using Process launcher = StartLauncher("--no-build", "--no-disk", "--headless", "--timeout", "60", "--gdb-port", port.ToString());
        try
        {
            string announced = ReadUntil(launcher, GdbStub.ReadyText + port, TimeSpan.FromSeconds(30));
            Assert.That(announced, Does.Contain($"minix3-attach {port}'"), "the launcher prints the command that attaches gdb");

            string gdb = RunGdb(port, $"break {KernelEntry}", "continue", "bt 1", "info args", "list",
                $"break {KernelLogWrite}", "continue", "info args");

            // 0x2BADB002: the Multiboot magic QEMU's loader hands the kernel.
            Assert.That(gdb, Does.Match($@"Breakpoint 1, {KernelEntry} \(magic=732803074, bootInfo=\d+\) at \S*/src/Kernel/Boot/KernelMain\.cs:\d+"),
                "gdb stops at the kernel method, with its arguments and source line");
            Assert.That(gdb, Does.Contain("#0  " + KernelEntry), "bt names the method");
            Assert.That(gdb, Does.Contain("magic = 732803074"), "info args reads the arguments");
            Assert.That(gdb, Does.Contain("SerialPort.Initialize();"), "list shows the C# source around the stop");
            Assert.That(gdb, Does.Match(@"(?m)^text = ""[ -~]+""$"), "a C# string argument prints as its text (the helper's printer)");
        }
        finally
        {
            Stop(launcher);
        }
    }

    [Test]
    public void BreakpointInDriverStopsInThatDriverOnly()
    {
        HostTools.Require("gdb", "gdb");
        int port = GdbStub.FreePort();
        var options = new BootOptions { Headless = true, WaitForDebugger = true, GdbPort = port, Timeout = TimeSpan.FromSeconds(60) };
        Task<BootResult> guest = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "", null));
        Assert.That(GdbStub.WaitUntilListening(port, TimeSpan.FromSeconds(30), () => guest.IsCompleted), Is.True,
            "QEMU never listened for gdb: " + (guest.IsCompleted ? guest.Result.SerialLog : "(still starting)"));

        // Other components have code at the same address as this method (all
        // link at one base): the helper's filter must skip those.
        // minix3-break takes the C# name (HelloDriver.Started) and finds the symbol.
        string gdb = RunGdb(port, "minix3-component hello", "minix3-break HelloDriver.Started", "continue", "bt", "minix3-which",
            "p $_minix3_in(\"hello\")", "p $_minix3_in(\"rs\")");
        guest.Wait(TimeSpan.FromSeconds(30));

        Assert.That(gdb, Does.Match($@"Breakpoint 1, {HelloStarted} \(this=\.\.\., kind=Fresh\) at \S*/src/Drivers/Examples/Hello/HelloDriver\.cs:\d+"),
            "gdb stops in Hello's start-up hook on its fresh start");
        Assert.That(gdb, Does.Match(@"#1 .*DriverLoop__Run .* at \S*/src/Lib/Driver/DriverLoop\.cs:\d+"), "bt walks into the driver library");
        Assert.That(gdb, Does.Match(@"(?m)^hello$"), "minix3-which names the component running");
        Assert.That(gdb, Does.Contain("$1 = 1"), "the code at $pc is Hello's");
        Assert.That(gdb, Does.Contain("$2 = 0"), "and not another component's");
    }

    // gdb in batch mode: the helpers, attach, the commands, then kill QEMU.
    private static string RunGdb(int port, params string[] commands)
    {
        var start = new ProcessStartInfo("gdb")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-batch", "-nx", "-x", GdbStub.Script(GuestRun.Image), "-ex", $"minix3-attach {port}" })
            start.ArgumentList.Add(argument);
        foreach (string command in commands)
        {
            start.ArgumentList.Add("-ex");
            start.ArgumentList.Add(command);
        }
        start.ArgumentList.Add("-ex");
        start.ArgumentList.Add("kill");
        var stopwatch = Stopwatch.StartNew();
        using Process gdb = Process.Start(start)!;
        // Commands come from -ex only. (Seen here: batch gdb started by coreutils
        // `timeout`, i.e. in a background process group, let `continue` return
        // at once; started directly, as here, it waits for the stop.)
        gdb.StandardInput.Close();
        Task<string> error = gdb.StandardError.ReadToEndAsync();
        Task<string> output = gdb.StandardOutput.ReadToEndAsync();
        if (!gdb.WaitForExit(GdbTimeout))
        {
            gdb.Kill(entireProcessTree: true);
            gdb.WaitForExit();
            Assert.Fail($"gdb did not finish within {GdbTimeout.TotalSeconds:0} s:\n{output.Result}{error.Result}");
        }
        string text = output.Result + error.Result;
        TestContext.Out.WriteLine($"gdb ({stopwatch.Elapsed.TotalSeconds:0.0} s):\n{text}");
        return text;
    }

    private static Process StartLauncher(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = GuestRun.Image.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Minix3.Cosmos.Launcher.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    // The launcher's output up to the first line containing `text`.
    private static string ReadUntil(Process process, string text, TimeSpan timeout)
    {
        var seen = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            Task<string?> line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(timeout - stopwatch.Elapsed) || line.Result == null)
                break;
            seen.AppendLine(line.Result);
            if (line.Result.Contains(text))
                return seen.ToString();
        }
        Assert.Fail($"the launcher never printed \"{text}\":\n{seen}{process.StandardError.ReadToEnd()}");
        return "";
    }

    private static void Stop(Process launcher)
    {
        if (!launcher.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            launcher.Kill(entireProcessTree: true);
            launcher.WaitForExit();
        }
        try
        {
            TestContext.Out.WriteLine(launcher.StandardOutput.ReadToEnd() + launcher.StandardError.ReadToEnd());
        }
        catch (InvalidOperationException)
        {
            // A line read that timed out is still pending: nothing more to show.
        }
    }
}
