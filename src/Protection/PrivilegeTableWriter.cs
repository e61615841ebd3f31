using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Protection;

/// <summary>
/// Encodes a validated <see cref="Policy"/> as the binary privilege table of
/// src/Lib/Ipc/PrivilegeFormat.cs (16-byte header; records of u16 tag, u16
/// payload length, payload, zero padding to 4 bytes; little-endian).
/// Records are written in a fixed order so equal policies give equal bytes:
/// Kernel (the structure the kernel installs, built from the others), Label, Flags (system only), KernelCalls (if any), Scheduling (always,
/// defaults made explicit), MemoryQuota, Heartbeat, Restart, RecoveryScript,
/// SignalManager (each if set or defaulted), ServiceVerbs (if any), then the repeated tags in
/// source order: IpcTarget, IoRange, Irq, MemoryRange, PciDevice.
/// </summary>
public static class PrivilegeTableWriter
{
    /// <summary>Encodes <paramref name="policy"/>; throws if it does not validate on its own.</summary>
    public static byte[] Write(Policy policy)
    {
        var problems = new List<Diagnostic>();
        PolicyValidator.Validate(policy, problems);
        if (problems.Count > 0)
            throw new InvalidOperationException("cannot encode an invalid policy:\n" + string.Join("\n", problems));
        var records = new List<(ushort Tag, byte[] Payload)>();
        void Add(ushort tag, int size, Action<Span<byte>> fill)
        {
            var payload = new byte[size];
            fill(payload);
            records.Add((tag, payload));
        }
        void AddText(ushort tag, string text) => records.Add((tag, Encoding.ASCII.GetBytes(text)));

        AddText(PrivilegeFormat.Label, policy.EffectiveLabel);
        uint flags = (policy.IsSystem ? PrivilegeFlags.SystemProcess : 0) | (policy.IsCritical ? PrivilegeFlags.Critical : 0)
            | (policy.ReadsBootImage ? PrivilegeFlags.BootImage : 0);
        if (flags != 0)
            Add(PrivilegeFormat.Flags, 4, p => BinaryPrimitives.WriteUInt32LittleEndian(p, flags));
        ulong calls = policy.KernelCalls.Aggregate(0UL, (mask, k) => mask | 1UL << (int)k.Value);
        if (calls != 0)
            Add(PrivilegeFormat.KernelCalls, 8, p => BinaryPrimitives.WriteUInt64LittleEndian(p, calls));
        Add(PrivilegeFormat.Scheduling, 4, p =>
        {
            p[0] = (byte)(policy.Priority?.Value ?? PolicyDefaults.Priority);
            p[1] = 0;
            BinaryPrimitives.WriteUInt16LittleEndian(p.Slice(2), (ushort)(policy.QuantumMs?.Value ?? PolicyDefaults.QuantumMs));
        });
        if (policy.MemoryQuota is { } quota)
            Add(PrivilegeFormat.MemoryQuota, 8, p => BinaryPrimitives.WriteUInt64LittleEndian(p, quota.Value));
        if (policy.Heartbeat is { Value.IsNone: false } heartbeat)
            Add(PrivilegeFormat.Heartbeat, 8, p => WritePair(p, heartbeat.Value.PeriodMs, heartbeat.Value.Misses));
        if (policy.Restart is { } restart)
            Add(PrivilegeFormat.Restart, 8, p => WritePair(p, restart.Value.Limit, restart.Value.WindowMs / 1000));
        if (policy.RecoveryScript is { } script)
            AddText(PrivilegeFormat.RecoveryScript, script.Value);
        if (policy.EffectiveManager is { } manager)
            AddText(PrivilegeFormat.SignalManager, manager);
        uint verbs = policy.ServiceVerbs.Aggregate(0u, (mask, v) => mask | v.Value);
        if (verbs != 0)
            Add(PrivilegeFormat.ServiceVerbs, 4, p => BinaryPrimitives.WriteUInt32LittleEndian(p, verbs));

        foreach (var target in policy.IpcTargets)
            AddText(PrivilegeFormat.IpcTarget, target.Value);
        foreach (var io in policy.IoRanges)
        {
            Add(PrivilegeFormat.IoRange, 4, p =>
            {
                BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)io.Value.First);
                BinaryPrimitives.WriteUInt16LittleEndian(p.Slice(2), (ushort)io.Value.Last);
            });
        }
        foreach (var irq in policy.Irqs)
            Add(PrivilegeFormat.Irq, 1, p => p[0] = (byte)irq.Value);
        foreach (var memory in policy.MemoryRanges)
        {
            // Inclusive in the policy, base + length in the table.
            Add(PrivilegeFormat.MemoryRange, 16, p =>
            {
                BinaryPrimitives.WriteUInt64LittleEndian(p, memory.Value.First);
                BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(8), memory.Value.Last - memory.Value.First + 1);
            });
        }
        foreach (var pci in policy.PciDevices)
        {
            Add(PrivilegeFormat.PciDevice, 4, p =>
            {
                BinaryPrimitives.WriteUInt16LittleEndian(p, pci.Value.Vendor);
                BinaryPrimitives.WriteUInt16LittleEndian(p.Slice(2), pci.Value.Device);
            });
        }
        // First the fixed structure the kernel installs, built from the
        // records by the reader PM and RS use when they relabel a table.
        return PrivilegeRecords.WithKernelPart(Encode(records))
            ?? throw new InvalidOperationException("the encoded table does not read back: " + policy.EffectiveLabel);
    }

    /// <summary>Lays out header and records; public so tests can build tables record by record.</summary>
    public static byte[] Encode(IReadOnlyList<(ushort Tag, byte[] Payload)> records)
    {
        int total = PrivilegeFormat.HeaderSize + records.Sum(r => 4 + Padded(r.Payload.Length));
        var table = new byte[total];
        for (int i = 0; i < 8; i++)
            table[i] = PrivilegeFormat.MagicByte(i);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(12), (uint)records.Count);
        int offset = PrivilegeFormat.HeaderSize;
        foreach (var (tag, payload) in records)
        {
            if (payload.Length > ushort.MaxValue)
                throw new ArgumentException($"payload of tag {tag} is {payload.Length} bytes; at most {ushort.MaxValue} fit");
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(offset), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(offset + 2), (ushort)payload.Length);
            payload.CopyTo(table, offset + 4);
            offset += 4 + Padded(payload.Length);
        }
        return table;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static void WritePair(Span<byte> payload, ulong first, ulong second)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)first);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.Slice(4), (uint)second);
    }
}
