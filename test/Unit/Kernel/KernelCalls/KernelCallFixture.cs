// A whole kernel on the host for kernel-call tests: fake RAM identity-mapped
// (a "physical" address is the host address, as the kernel's direct map
// makes it on the machine), the real frame allocator, process table,
// scheduler, IPC engine, process host and address spaces, and processes
// started by the real loader from a small ELF image and a privilege table
// compiled by the real policy compiler. A test plays a component making a
// kernel call: it writes the request into the component's memory and calls
// KernelCallTable.Dispatch, the ring-0 entry the trap handler calls.
//
// The kernel keeps its state in statics (one kernel per machine), so these
// fixtures never run in parallel, and every test ends by ending every process
// it started through Termination.End, the one release path.
extern alias protection;

using System;
using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Unit.Kernel.Memory;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

[NonParallelizable]
public abstract unsafe class KernelCallFixture
{
    protected const ulong Code = UserSpace.Base;
    protected const ulong Data = UserSpace.Base + 0x1000;
    protected const ulong DataPages = 4;
    protected const ulong DataEnd = Data + DataPages * 4096;
    /// <summary>Where a component keeps its request message.</summary>
    protected const ulong MessageAddress = Data;
    /// <summary>A buffer in the component's writable memory for anything else.</summary>
    protected const ulong Scratch = Data + 0x100;
    protected const ulong Unmapped = 0x0000_0100_0000_0000;
    protected const ulong KernelAddress = 0x100000;
    protected const ulong NonCanonical = 0x8000_0000_0000_0000;

    private const ulong RamBytes = 96UL << 20;
    private static FakeRam? s_ram;
    private static FrameAllocator s_frames = null!;
    private static ulong s_kernelRoot;

    private protected static FrameAllocator Frames => s_frames;

    [SetUp]
    public void StartKernel()
    {
        if (s_ram == null)
        {
            // One RAM block for the test run: the kernel's statics (the reuse
            // list of address spaces, the deferred kernel stack) outlive a test.
            s_ram = new FakeRam(RamBytes);
            PhysicalMemory.RamEnd = 1UL << 47;
            s_frames = new FrameAllocator(new DirectMap(0, PhysicalMemory.RamEnd));
            Assert.That(s_frames.Build(new[] { new MemoryRegion((ulong)s_ram.Pointer(0), RamBytes, MemoryRegionType.Available) }), Is.True);
            Assert.That(s_frames.TryAllocate(true, out s_kernelRoot), Is.True);
        }
        KernelServices.Start(s_frames, s_kernelRoot, 1000, new BootInfo());
        Timer.Start(1000);
        Cpu.Accesses.Clear();
        SerialPort.Output.Clear();
        VgaText.HandedOver = false;
    }

    [TearDown]
    public void EndEveryProcess()
    {
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
        {
            Process p = KernelServices.Processes[slot];
            if (!p.IsFree)
                Termination.End(p, DefectClass.Killed, 0, 0);
        }
        Termination.ReleaseDeferredStack(0);
    }

    /// <summary>Starts a component named <paramref name="label"/> with the policy text (label from the file name).</summary>
    private protected static Process Start(string label, string policy, byte[]? image = null)
    {
        if (!policy.Contains("quota"))
            policy += "\nquota 1M";
        var diagnostics = new List<Diagnostic>();
        Policy parsed = PolicyCompiler.Check(new PolicySource(label + ".policy", policy), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        byte[] table = PrivilegeTableWriter.Write(parsed);
        image ??= Image();
        byte[] name = System.Text.Encoding.ASCII.GetBytes(label);
        Process? p;
        fixed (byte* imageBytes = image)
        fixed (byte* tableBytes = table)
        fixed (byte* nameBytes = name)
            p = ProcessLoader.Start(new BootString(nameBytes, name.Length), imageBytes, (ulong)image.Length, tableBytes, (ulong)table.Length);
        Assert.That(p, Is.Not.Null, SerialPort.Output.ToString());
        SerialPort.Output.Clear();   // "started: ..." is not what the tests look for
        return p!;
    }

    /// <summary>A minimal ELF image: one read-execute code page at Code, DataPages read-write pages at Data.</summary>
    private protected static byte[] Image(ulong dataPages = DataPages)
    {
        var file = new byte[0x2000];
        file[0] = 0x7F; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = 2; file[5] = 1; file[6] = 1;
        BitConverter.GetBytes((ushort)2).CopyTo(file, 16);
        BitConverter.GetBytes((ushort)62).CopyTo(file, 18);
        BitConverter.GetBytes(Code).CopyTo(file, 24);
        BitConverter.GetBytes(64UL).CopyTo(file, 32);
        BitConverter.GetBytes((ushort)56).CopyTo(file, 54);
        BitConverter.GetBytes((ushort)2).CopyTo(file, 56);
        (ulong Vaddr, ulong Offset, ulong FileSize, ulong MemSize, uint Flags)[] segments =
            { (Code, 0x1000, 0x10, 0x1000, 5), (Data, 0x1000, 0, dataPages * 4096, 6) };
        for (int i = 0; i < segments.Length; i++)
        {
            int h = 64 + i * 56;
            BitConverter.GetBytes(1u).CopyTo(file, h);
            BitConverter.GetBytes(segments[i].Flags).CopyTo(file, h + 4);
            BitConverter.GetBytes(segments[i].Offset).CopyTo(file, h + 8);
            BitConverter.GetBytes(segments[i].Vaddr).CopyTo(file, h + 16);
            BitConverter.GetBytes(segments[i].FileSize).CopyTo(file, h + 32);
            BitConverter.GetBytes(segments[i].MemSize).CopyTo(file, h + 40);
        }
        file[0x1000] = 0x0F; file[0x1001] = 0x0B;   // ud2: nothing ever runs it
        return file;
    }

    /// <summary>Makes kernel call <paramref name="call"/> as <paramref name="caller"/> with the request at MessageAddress.</summary>
    private protected static int Call(Process caller, KernelCall call, ref Message message) =>
        CallNumber(caller, (ulong)call, ref message);

    private protected static int CallNumber(Process caller, ulong number, ref Message message, ulong address = MessageAddress)
    {
        Write(caller, MessageAddress, message);
        int status = KernelCallTable.Dispatch(caller, number, address);
        if (KernelServices.Host.SpaceOf(caller) != null)   // not after Exit
            message = Read<Message>(caller, MessageAddress);
        return status;
    }

    private protected static int Call(Process caller, KernelCall call, long word0 = 0, long word1 = 0, long word2 = 0, long word3 = 0, long word4 = 0, long word5 = 0)
    {
        var message = new Message { Word0 = word0, Word1 = word1, Word2 = word2, Word3 = word3, Word4 = word4, Word5 = word5 };
        return Call(caller, call, ref message);
    }

    private protected static void Write<T>(Process p, ulong address, T value) where T : unmanaged
    {
        Assert.That(KernelServices.Host.CopyToProcess(p, address, &value, sizeof(T)), Is.True, "test setup writes the component's own memory");
    }

    private protected static void WriteBytes(Process p, ulong address, byte[] bytes)
    {
        fixed (byte* b = bytes)
            Assert.That(KernelServices.Host.CopyToProcess(p, address, b, bytes.Length), Is.True, "test setup writes the component's own memory");
    }

    private protected static T Read<T>(Process p, ulong address) where T : unmanaged
    {
        T value;
        Assert.That(KernelServices.Host.CopyFromProcess(p, address, &value, sizeof(T)), Is.True);
        return value;
    }

    private protected static byte[] ReadBytes(Process p, ulong address, int length)
    {
        var bytes = new byte[length];
        fixed (byte* b = bytes)
            Assert.That(KernelServices.Host.CopyFromProcess(p, address, b, length), Is.True);
        return bytes;
    }

    private protected static string Console => SerialPort.Output.ToString();

    /// <summary>
    /// Everything a kernel call could change: free frames, port accesses, the
    /// live processes (endpoint, state, ids, priority, label, memory size) and
    /// every byte of each one's data pages except the request message, which
    /// the kernel always copies back.
    /// </summary>
    private protected static string Snapshot()
    {
        var parts = new List<string> { $"frames {Frames.FreeFrames}", $"ports {Cpu.Accesses.Count}", $"vga {VgaText.HandedOver}" };
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
        {
            Process p = KernelServices.Processes[slot];
            if (p.IsFree)
                continue;
            var space = KernelServices.Host.SpaceOf(p);
            byte[] data = ReadBytes(p, Data + Message.Size, (int)(DataEnd - Data - Message.Size));
            parts.Add($"{p.Endpoint.Value} {p.Flags} {p.UserId}/{p.GroupId} prio {p.Priority} {System.Text.Encoding.ASCII.GetString(p.Label)} "
                + $"flags {p.Privilege.Record.Flags} quota {p.Privilege.Record.MemoryQuota} pages {space?.PagesOwned} root {p.AddressSpaceRoot:x} "
                + $"pending {IpcEngine.PendingDefectCount(p)} data {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data))}");
        }
        return string.Join("\n", parts);
    }

    /// <summary>The call is refused with <paramref name="status"/> and nothing in the kernel's or any component's state changed.</summary>
    private protected static void AssertRefused(int status, Process caller, KernelCall call, long word0 = 0, long word1 = 0, long word2 = 0, long word3 = 0, long word4 = 0, long word5 = 0)
    {
        var message = new Message { Word0 = word0, Word1 = word1, Word2 = word2, Word3 = word3, Word4 = word4, Word5 = word5 };
        AssertRefused(status, caller, call, ref message);
    }

    private protected static void AssertRefused(int status, Process caller, KernelCall call, ref Message message)
    {
        string before = Snapshot();
        Assert.That(Call(caller, call, ref message), Is.EqualTo(status), $"{call} must be refused");
        Assert.That(Snapshot(), Is.EqualTo(before), $"a refused {call} changed nothing");
    }
}
