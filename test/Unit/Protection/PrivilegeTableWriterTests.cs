extern alias protection;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;
using static Minix3.Cosmos.Unit.Protection.PolicyTestHelpers;
using Format = Minix3.Cosmos.Lib.Ipc.PrivilegeFormat;

namespace Minix3.Cosmos.Unit.Protection;

// The exact bytes the compiler writes (the kernel-side reader is tested
// against them in test/Unit/Kernel/Proc).
public class PrivilegeTableWriterTests
{
    // Walks the records of a table: (tag, payload) in order.
    private static List<(ushort Tag, byte[] Payload)> Records(byte[] table)
    {
        var records = new List<(ushort, byte[])>();
        int total = (int)BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(8));
        for (int offset = 16; offset < total;)
        {
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan(offset));
            int length = BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan(offset + 2));
            records.Add((tag, table.AsSpan(offset + 4, length).ToArray()));
            offset += 4 + ((length + 3) & ~3);
        }
        return records;
    }

    [Test]
    public void TheSmallestTableIsKernelLabelSchedulingAndManager()
    {
        byte[] table = PrivilegeTableWriter.Write(Valid(""));
        const int kernel = 4 + 1360;
        byte[] header =
        {
            (byte)'M', (byte)'3', (byte)'P', (byte)'R', (byte)'I', (byte)'V', 0, 1,
            0x80, 5, 0, 0,  4, 0, 0, 0,                            // total 1,408 bytes, 4 records
            16, 0, 0x50, 5,                                        // Kernel: 1,360 bytes
        };
        byte[] records =
        {
            1, 0, 5, 0, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0, 0, 0,  // Label "hello" + 3 padding
            9, 0, 4, 0, 15, 0, 10, 0,                              // Scheduling: priority 15, quantum 10 ms
            13, 0, 2, 0, (byte)'r', (byte)'s', 0, 0,               // SignalManager "rs" + 2 padding
        };
        Assert.That(table[..20], Is.EqualTo(header));
        Assert.That(table[(16 + kernel)..], Is.EqualTo(records));
        // The structure (src/Lib/Ipc/KernelPrivilege.cs): quantum 10, priority 15,
        // label length 5, manager length 2, no targets or ranges; the labels at 32 and 64.
        byte[] part = table[20..(16 + kernel)];
        Assert.That(part[16..29], Is.EqualTo(new byte[] { 0, 0, 0, 0, 10, 0, 15, 5, 2, 0, 0, 0, 0 }));
        Assert.That(Encoding.ASCII.GetString(part, 32, 5) + "/" + Encoding.ASCII.GetString(part, 64, 2), Is.EqualTo("hello/rs"));
    }

    [Test]
    public void WritesEveryKeywordInTheDocumentedOrder()
    {
        var records = Records(PrivilegeTableWriter.Write(Valid(EveryKeyword)));
        Assert.That(records[0].Tag, Is.EqualTo(Format.Kernel), "the kernel's structure first");
        records.RemoveAt(0);
        Assert.That(records.ConvertAll(r => r.Tag), Is.EqualTo(new[]
        {
            Format.Label, Format.Flags, Format.KernelCalls, Format.Scheduling, Format.MemoryQuota, Format.Heartbeat,
            Format.Restart, Format.RecoveryScript, Format.SignalManager,
            Format.IpcTarget, Format.IpcTarget, Format.IpcTarget, Format.IoRange, Format.IoRange, Format.IoRange,
            Format.Irq, Format.Irq, Format.MemoryRange, Format.MemoryRange, Format.PciDevice, Format.PciDevice,
        }));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(records[1].Payload), Is.EqualTo(3u), "Flags = SystemProcess | Critical");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(records[2].Payload), Is.EqualTo((1UL << 16) | (1UL << 4) | 1UL), "diagctl, setalarm, devio");
        Assert.That(records[3].Payload, Is.EqualTo(new byte[] { 4, 0, 20, 0 }));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(records[4].Payload), Is.EqualTo(4UL << 20));
        Assert.That(records[5].Payload, Is.EqualTo(new byte[] { 0xe8, 3, 0, 0, 5, 0, 0, 0 }), "1000 ms, 5 misses");
        Assert.That(records[6].Payload, Is.EqualTo(new byte[] { 5, 0, 0, 0, 120, 0, 0, 0 }), "5 restarts in 120 s");
        Assert.That(Encoding.ASCII.GetString(records[7].Payload), Is.EqualTo("/etc/rs/backoff.sh"));
        Assert.That(Encoding.ASCII.GetString(records[11].Payload), Is.EqualTo("tty"));
        Assert.That(records[12].Payload, Is.EqualTo(new byte[] { 0xf8, 3, 0xff, 3 }));
        Assert.That(records[13].Payload, Is.EqualTo(new byte[] { 0x60, 0, 0x60, 0 }));
        Assert.That(records[15].Payload, Is.EqualTo(new byte[] { 4 }));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(records[17].Payload), Is.EqualTo(0xb8000UL));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(records[17].Payload.AsSpan(8)), Is.EqualTo(0x1000UL), "inclusive range becomes base + length");
        Assert.That(records[20].Payload, Is.EqualTo(new byte[] { 0xec, 0x10, 0x39, 0x81 }));
    }

    // RS reads no heartbeat record as "no pings": the reason stays in the source.
    [Test]
    public void HeartbeatNoneWritesNoHeartbeatRecord()
    {
        var records = Records(PrivilegeTableWriter.Write(Valid("heartbeat none reason=\"it is the one that pings\"")));
        Assert.That(records.ConvertAll(r => r.Tag), Is.EqualTo(new[] { Format.Kernel, Format.Label, Format.Scheduling, Format.SignalManager }));
    }

    [Test]
    public void EqualPoliciesGiveEqualBytes()
    {
        byte[] first = PrivilegeTableWriter.Write(Valid(EveryKeyword));
        byte[] again = PrivilegeTableWriter.Write(Valid(EveryKeyword.Replace("      ", " ")));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void RefusesToEncodeAnInvalidPolicy()
    {
        Policy bad = PolicyParser.Parse(File, "irq 99", new List<Diagnostic>());
        Assert.That(() => PrivilegeTableWriter.Write(bad), Throws.InvalidOperationException.With.Message.Contains("M3P014"));
    }
}
