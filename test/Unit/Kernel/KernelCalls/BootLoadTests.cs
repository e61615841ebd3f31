extern alias protection;

using System.Collections.Generic;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// ProcessLoader.Start, the kernel's loading of a boot module with its
// table: whatever is wrong is named in the log and leaves no process behind.
public sealed unsafe class BootLoadTests : KernelCallFixture
{
    private static Process? Load(string policy, byte[] image, byte[]? table = null)
    {
        var diagnostics = new List<Diagnostic>();
        table ??= PrivilegeTableWriter.Write(PolicyCompiler.Check(new PolicySource("mod.policy", policy), diagnostics));
        Assert.That(diagnostics, Is.Empty);
        byte[] name = { (byte)'m', (byte)'o', (byte)'d' };
        fixed (byte* imageBytes = image)
        fixed (byte* tableBytes = table)
        fixed (byte* nameBytes = name)
            return ProcessLoader.Start(new BootString(nameBytes, name.Length), imageBytes, (ulong)image.Length, tableBytes, (ulong)table.Length);
    }

    private static int LiveProcesses()
    {
        int live = 0;
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            live += KernelServices.Processes[slot].IsFree ? 0 : 1;
        return live;
    }

    [Test]
    public void AWellFormedModuleStartsAndIsLogged()
    {
        Assert.That(Load("kernel times\nquota 1M", Image()), Is.Not.Null);
        Assert.That(SerialPort.Output.ToString(), Does.StartWith("[mod] started: endpoint "));
    }

    [Test]
    public void AnImageBeyondItsQuotaIsRefusedAndUndone()
    {
        // 1 code page + 4 data pages + 4 kernel stack pages = 36 KiB.
        Assert.That(Load("kernel times\nquota 32K", Image()), Is.Null);
        Assert.That(SerialPort.Output.ToString(), Is.EqualTo("loader: not starting mod: image needs more memory than its quota, bytes 36864\n"));
        Assert.That(LiveProcesses(), Is.Zero);
    }

    [Test]
    public void ABadImageIsRefusedAndUndone()
    {
        byte[] image = Image();
        image[18] = 3;   // i386, not x86-64
        Assert.That(Load("kernel times\nquota 1M", image), Is.Null);
        Assert.That(SerialPort.Output.ToString(), Does.StartWith("loader: not starting mod: bad ELF image"));
        Assert.That(LiveProcesses(), Is.Zero);
    }

    [Test]
    public void AMalformedTableIsRefusedBeforeAnythingIsAllocated()
    {
        Assert.That(Load("", Image(), table: new byte[2000]), Is.Null);
        Assert.That(SerialPort.Output.ToString(), Is.EqualTo("loader: not starting mod: malformed privilege table at offset 0\n"));
        Assert.That(LiveProcesses(), Is.Zero);
    }
}
