// Process memory and trap results for IPC tests. Every slot has its own small
// "address space": user addresses [Base, Base + Size) are readable, and all of
// it except the read-only page [ReadOnly, ReadOnly + PageSize) is writable;
// anything else is a bad address. Trap results are recorded per slot so a test
// can tell a released process from one still waiting.
using System;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

internal sealed unsafe class FakeProcessHost : IProcessHost
{
    public const ulong Base = 0x10000;
    public const ulong PageSize = 0x1000;
    public const ulong Size = 4 * PageSize;
    public const ulong ReadOnly = Base + 3 * PageSize;
    public const ulong BadAddress = 0xDEAD0000;

    private readonly byte[][] memory = new byte[Endpoint.SlotCount][];
    private readonly long?[] trapResults = new long?[Endpoint.SlotCount];

    public FakeProcessHost()
    {
        for (int i = 0; i < memory.Length; i++)
            memory[i] = new byte[Size];
    }

    public bool CopyFromProcess(Process process, ulong address, void* destination, int length)
    {
        if (!Inside(address, length))
            return false;
        memory[process.Slot].AsSpan((int)(address - Base), length).CopyTo(new Span<byte>(destination, length));
        return true;
    }

    public bool CopyToProcess(Process process, ulong address, void* source, int length)
    {
        if (!IsWritable(process, address, length))
            return false;
        new ReadOnlySpan<byte>(source, length).CopyTo(memory[process.Slot].AsSpan((int)(address - Base), length));
        return true;
    }

    public bool CopyBetween(Process source, ulong sourceAddress, Process destination, ulong destinationAddress, ulong length)
    {
        if (length > int.MaxValue || !Inside(sourceAddress, (int)length) || !IsWritable(destination, destinationAddress, (int)length))
            return false;
        memory[source.Slot].AsSpan((int)(sourceAddress - Base), (int)length).CopyTo(memory[destination.Slot].AsSpan((int)(destinationAddress - Base), (int)length));
        return true;
    }

    public bool CopyMessage(Process from, ulong fromAddress, bool fromWritable, Process to, ulong toAddress, int source)
    {
        Message message;
        if ((fromWritable && !IsWritable(from, fromAddress, Message.Size)) || !IsWritable(to, toAddress, Message.Size)
            || !CopyFromProcess(from, fromAddress, &message, Message.Size))
            return false;
        message.Source = source;
        return CopyToProcess(to, toAddress, &message, Message.Size);
    }

    public bool IsWritable(Process process, ulong address, int length) =>
        Inside(address, length) && (address + (ulong)length <= ReadOnly || address >= ReadOnly + PageSize);

    public void SetTrapResult(Process process, long value)
    {
        if (process.IsRunnable)
            throw new InvalidOperationException($"slot {process.Slot}: trap result for a process that is not blocked");
        if (trapResults[process.Slot] != null)
            throw new InvalidOperationException($"slot {process.Slot}: second trap result before the first was taken");
        trapResults[process.Slot] = value;
    }

    /// <summary>The result set for p's blocked trap since the last call, or null; clears it.</summary>
    public long? TakeTrapResult(Process p)
    {
        long? value = trapResults[p.Slot];
        trapResults[p.Slot] = null;
        return value;
    }

    public long? PeekTrapResult(Process p) => trapResults[p.Slot];

    public void WriteMessage(Process p, ulong address, Message message)
    {
        if (!CopyToProcess(p, address, &message, Message.Size))
            throw new ArgumentOutOfRangeException(nameof(address), "test setup wrote outside process memory");
    }

    public Message ReadMessage(Process p, ulong address)
    {
        Message message;
        if (!CopyFromProcess(p, address, &message, Message.Size))
            throw new ArgumentOutOfRangeException(nameof(address), "test read outside process memory");
        return message;
    }

    /// <summary>Writes raw bytes, ignoring the read-only page (a loader's view).</summary>
    public void Poke(Process p, ulong address, Message message)
    {
        new ReadOnlySpan<byte>(&message, Message.Size).CopyTo(memory[p.Slot].AsSpan((int)(address - Base), Message.Size));
    }

    private static bool Inside(ulong address, int length) =>
        length >= 0 && address >= Base && address + (ulong)length <= Base + Size;
}
