extern alias protection;

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Kernel.Proc;

// Policy -> compiler -> the table's Kernel record (built in ring 3 by
// PrivilegeTableReader) -> the kernel's PrivilegeReader -> Privilege (round
// trips); PrivilegeTableReader against hand-made and corrupted records, and
// the kernel against corrupted Kernel records (default deny).
public unsafe class PrivilegeReaderTests
{
    private const string EveryKeyword = """
        label      hello
        ipc        ds rs
        ipc        tty
        kernel     diagctl setalarm devio
        io         0x3f8-0x3ff 0x60 0x2f8+8
        irq        4 3
        memory     0xb8000+0x1000 0xa0000-0xaffff
        pci        8086:100e 10ec:8139
        quota      4M
        priority   4
        quantum    20ms
        heartbeat  period=1s misses=5
        restart    limit=5 window=2m
        recovery   /etc/rs/backoff.sh
        manager    rs
        system
        """;

    private static Policy Parse(string text, string file = "Hello.policy")
    {
        var diagnostics = new List<Diagnostic>();
        Policy policy = PolicyCompiler.Check(new PolicySource(file, text), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        return policy;
    }

    private static Privilege ReadValid(byte[] table)
    {
        KernelPrivilege k;
        Assert.That(PrivilegeTableReader.Read(table, &k, out int recordOffset, out PrivilegeTableError error), Is.True, $"records: {error} at {recordOffset}");
        var privilege = new Privilege();
        bool ok = PrivilegeReader.Read(table, privilege, out int offset);
        Assert.That((ok, offset), Is.EqualTo((true, 0)));
        return privilege;
    }

    // What the kernel makes of a table: refused ones leave nothing behind.
    private static bool KernelReads(byte[] table, out int offset)
    {
        var p = new Privilege();
        p.Record.KernelCalls = 1;
        bool ok = PrivilegeReader.Read(table, p, out offset);
        if (!ok)
            Assert.That((p.Record.LabelLength, p.Record.TargetCount, p.Record.KernelCalls, p.Record.IoRangeCount, p.Record.IrqCount, p.Record.MemoryRangeCount, p.Record.Flags, p.Record.ManagerLength),
                Is.EqualTo((0, 0, 0UL, 0, 0, 0, 0u, 0)), "a refused table leaves nothing behind");
        return ok;
    }

    // Every field of the Privilege against the policy it was compiled from.
    private static void AssertMatches(Privilege p, Policy policy)
    {
        Assert.That(Encoding.ASCII.GetString(p.Label), Is.EqualTo(policy.EffectiveLabel));
        Assert.That(Enumerable.Range(0, p.Record.TargetCount).Select(i => Encoding.ASCII.GetString(p.TargetLabelAt(i))),
            Is.EqualTo(policy.IpcTargets.Select(t => t.Value)));
        Assert.That(p.TargetSlots.IsEmpty, Is.True, "slots are resolved by the kernel later");
        Assert.That(p.Record.KernelCalls, Is.EqualTo(policy.KernelCalls.Aggregate(0UL, (m, k) => m | 1UL << (int)k.Value)));
        foreach (var call in policy.KernelCalls)
            Assert.That(p.AllowsKernelCall((KernelCall)(int)call.Value), Is.True);
        Assert.That(Enumerable.Range(0, p.Record.IoRangeCount).Select(i => ((ulong)p.Record.IoFirst[i], (ulong)p.Record.IoLast[i])),
            Is.EqualTo(policy.IoRanges.Select(r => (r.Value.First, r.Value.Last))));
        Assert.That(Enumerable.Range(0, p.Record.IrqCount).Select(i => (ulong)p.Record.Irqs[i]), Is.EqualTo(policy.Irqs.Select(i => i.Value)));
        Assert.That(Enumerable.Range(0, p.Record.MemoryRangeCount).Select(i => (p.Record.MemoryBase[i], p.Record.MemoryBase[i] + p.Record.MemoryLength[i] - 1)),
            Is.EqualTo(policy.MemoryRanges.Select(r => (r.Value.First, r.Value.Last))));
        Assert.That(p.Record.MemoryQuota, Is.EqualTo(policy.MemoryQuota?.Value ?? 0));
        Assert.That(p.Record.Priority, Is.EqualTo(policy.Priority?.Value ?? PolicyDefaults.Priority));
        Assert.That(p.Record.QuantumMs, Is.EqualTo(policy.QuantumMs?.Value ?? PolicyDefaults.QuantumMs));
        Assert.That(Encoding.ASCII.GetString(p.SignalManager), Is.EqualTo(policy.EffectiveManager ?? ""));
        Assert.That(p.Record.Flags, Is.EqualTo((policy.IsSystem ? PrivilegeFlags.SystemProcess : 0u) | (policy.IsCritical ? PrivilegeFlags.Critical : 0u)));
    }

    [Test]
    public void CompilerAndKernelAgreeOnCapacities()
    {
        Assert.That(PolicyDefaults.MaxLabelLength, Is.EqualTo(PrivilegeFormat.MaxLabelLength));
        Assert.That(PolicyDefaults.MaxTargets, Is.EqualTo(KernelPrivilege.MaxTargets));
        Assert.That(PolicyDefaults.MaxIoRanges, Is.EqualTo(KernelPrivilege.MaxIoRanges));
        Assert.That(PolicyDefaults.MaxIrqs, Is.EqualTo(KernelPrivilege.MaxIrqs));
        Assert.That(PolicyDefaults.MaxMemoryRanges, Is.EqualTo(KernelPrivilege.MaxMemoryRanges));
        var empty = new Privilege();
        Assert.That((int)empty.Record.Priority, Is.EqualTo(PolicyDefaults.Priority));
        Assert.That((int)empty.Record.QuantumMs, Is.EqualTo(PolicyDefaults.QuantumMs));
    }

    [Test]
    public void RoundTripsEveryKeyword()
    {
        Policy policy = Parse(EveryKeyword);
        Privilege p = ReadValid(PrivilegeTableWriter.Write(policy));
        AssertMatches(p, policy);
        Assert.That(p.AllowsPorts(0x3f8, 8) && p.AllowsPorts(0x60, 1) && !p.AllowsPorts(0x61, 1), Is.True);
        Assert.That(p.AllowsIrq(4) && p.AllowsIrq(3) && !p.AllowsIrq(5), Is.True);
        Assert.That(p.AllowsMemory(0xb8000, 0x1000) && !p.AllowsMemory(0xb8000, 0x1001), Is.True);
        Assert.That(p.AllowsKernelCall(KernelCall.UMap), Is.False);
    }

    // RS's `service up PROGRAM -label LABEL`: the program's table under
    // another label, of any length, and everything else as compiled.
    [TestCase("h")]
    [TestCase("hello07")]
    [TestCase("instance-label-of-31-characters")]
    public void ARelabelledTableReadsAsTheSamePolicyUnderItsNewLabel(string label)
    {
        Policy policy = Parse(EveryKeyword);
        byte[] table = PrivilegeTableWriter.Write(policy);

        byte[]? relabelled = PrivilegeRecords.WithText(table, PrivilegeFormat.Label, label);

        Assert.That(relabelled, Is.Not.Null);
        Privilege p = ReadValid(relabelled!);
        Assert.That(Encoding.ASCII.GetString(p.Label), Is.EqualTo(label));
        Assert.That(PrivilegeRecords.Text(relabelled!, PrivilegeFormat.Label), Is.EqualTo(label));
        // The rest must be what the policy says: compare with the label put back.
        TestPrivileges.SetLabel(ref p.Record, policy.EffectiveLabel);
        AssertMatches(p, policy);
    }

    [Test]
    public void AMalformedTableIsNotRelabelled()
    {
        byte[] table = PrivilegeTableWriter.Write(Parse(EveryKeyword));
        table[0] = (byte)'X';
        Assert.That(PrivilegeRecords.WithText(table, PrivilegeFormat.Label, "other"), Is.Null);
        Assert.That(PrivilegeRecords.WithText(new byte[8], PrivilegeFormat.Label, "other"), Is.Null);
    }

    [TestCase("", "Hello.policy")]
    [TestCase("", "Rs.policy")]
    [TestCase("kernel safecopyfrom safecopyto setgrant\nheartbeat period=250ms", "Tty.policy")]
    [TestCase("restart limit=0 window=1s\nquota 0", "Pm.policy")]
    public void RoundTripsSmallPolicies(string text, string file)
    {
        Policy policy = Parse(text, file);
        AssertMatches(ReadValid(PrivilegeTableWriter.Write(policy)), policy);
    }

    [Test]
    public void RoundTripsAPolicyFilledToCapacity()
    {
        var lines = new List<string> { "label " + new string('l', 31), "manager " + new string('m', 31), "recovery /" + new string('s', 126) };
        lines.AddRange(Enumerable.Range(0, 32).Select(i => $"ipc {new string('t', 29)}{i:d2}"));
        lines.AddRange(Enumerable.Range(0, 16).Select(i => $"io 0x{i * 0x100:x}-0x{i * 0x100 + 0xff:x}"));
        lines.Add("irq " + string.Join(" ", Enumerable.Range(0, 16)));
        lines.AddRange(Enumerable.Range(0, 8).Select(i => $"memory 0x{(ulong)i << 40:x}+0x{1UL << 39:x}"));
        lines.AddRange(Enumerable.Range(0, 8).Select(i => $"pci ffff:{i:x}"));
        lines.Add("kernel " + string.Join(" ", PolicyParser.KernelCallNames));
        lines.Add("quota 0xffffffffffffffff\npriority 0\nquantum 65535ms\nheartbeat period=4294967295ms misses=4294967295\nrestart limit=4294967295 window=4294967295s");
        Policy policy = Parse(string.Join("\n", lines));
        Privilege p = ReadValid(PrivilegeTableWriter.Write(policy));
        AssertMatches(p, policy);
        Assert.That((p.Record.TargetCount, p.Record.IoRangeCount, p.Record.IrqCount, p.Record.MemoryRangeCount), Is.EqualTo((32, 16, 16, 8)));
    }

    [Test]
    public void AcceptsSlackAfterTheTotalLength()
    {
        byte[] table = PrivilegeTableWriter.Write(Parse(EveryKeyword));
        ReadValid(table.Concat(new byte[4096 - table.Length]).ToArray());
    }

    [Test]
    public void RejectsEveryTruncation()
    {
        byte[] table = PrivilegeTableWriter.Write(Parse(EveryKeyword));
        for (int length = 0; length < table.Length; length++)
        {
            KernelPrivilege k;
            Assert.That(PrivilegeTableReader.Read(table.AsSpan(0, length), &k, out _, out PrivilegeTableError error), Is.False, $"length {length}");
            Assert.That(error, Is.EqualTo(length < 16 ? PrivilegeTableError.TooShort : PrivilegeTableError.BadTotalLength));
            // The kernel reads the first record only: a table cut inside it is refused.
            if (length < 20 + KernelPrivilege.Bytes)
                Assert.That(KernelReads(table[..length], out _), Is.False, $"kernel, length {length}");
        }
    }

    // Any single corrupted byte: either still a valid table or refused with
    // everything cleared; never an exception (a kernel panic).
    [Test]
    public void EveryCorruptedByteIsHandled()
    {
        byte[] table = PrivilegeTableWriter.Write(Parse(EveryKeyword));
        int refused = 0;
        for (int at = 0; at < table.Length; at++)
        {
            foreach (byte change in new byte[] { 0x01, 0x80, 0xff })
            {
                byte[] bad = (byte[])table.Clone();
                bad[at] ^= change;
                KernelReads(bad, out int kernelOffset);
                Assert.That(kernelOffset, Is.InRange(0, 20));
                KernelPrivilege k;
                if (PrivilegeTableReader.Read(bad, &k, out int offset, out _))
                    continue;
                refused++;
                // Not always at the damaged byte: a shortened record makes
                // its tail read as the next record's header.
                Assert.That(offset, Is.InRange(0, table.Length - 1), $"byte {at}: where the error is reported");
                Assert.That((k.LabelLength, k.TargetCount, k.KernelCalls, k.IoRangeCount, k.IrqCount, k.MemoryRangeCount, k.Flags),
                    Is.EqualTo(((byte)0, (byte)0, 0UL, (byte)0, (byte)0, (byte)0, 0u)), $"byte {at}: a refused table leaves nothing behind");
            }
        }
        Assert.That(refused, Is.GreaterThan(table.Length - 20 - KernelPrivilege.Bytes), "most corruptions of the records are caught");
    }

    [Test]
    public void ARefusedTableClearsAnEarlierPrivilege()
    {
        var p = ReadValid(PrivilegeTableWriter.Write(Parse(EveryKeyword)));
        byte[] bad = PrivilegeTableWriter.Write(Parse(EveryKeyword));
        bad[16] = (byte)PrivilegeFormat.Label;    // the first record is not the Kernel record
        Assert.That(PrivilegeReader.Read(bad, p, out int offset), Is.False);
        Assert.That((p.Record.LabelLength, p.Record.Priority, p.Record.QuantumMs, p.Record.ManagerLength, offset), Is.EqualTo((0, (byte)15, (ushort)10, 0, 16)));
    }

    // Hand-made tables, one defect each: the error and the offset reported.
    private static (ushort, byte[]) Rec(ushort tag, params byte[] payload) => (tag, payload);

    private static (ushort, byte[]) Text(ushort tag, string text) => (tag, Encoding.ASCII.GetBytes(text));

    private static readonly (ushort, byte[]) Label = Text(PrivilegeFormat.Label, "x");

    private static byte[] Table(params (ushort, byte[])[] records) => PrivilegeTableWriter.Encode(records);

    private static byte[] Repeat(int count, (ushort, byte[]) record) => Table(new[] { Label }.Concat(Enumerable.Repeat(record, count)).ToArray());

    private static byte[] Patched(byte[] table, int at, params byte[] bytes)
    {
        bytes.CopyTo(table, at);
        return table;
    }

    private static IEnumerable<TestCaseData> Defects()
    {
        TestCaseData Case(string name, byte[] table, PrivilegeTableError error, int offset) =>
            new TestCaseData(table, error, offset).SetName("Rejects" + name);

        byte[] valid = Table(Label);   // 16-byte header + 8-byte label record
        yield return Case("TooShort", valid[..15], PrivilegeTableError.TooShort, 0);
        yield return Case("BadMagic", Patched(Table(Label), 7, 2), PrivilegeTableError.BadMagic, 7);
        yield return Case("TotalBelowHeader", Patched(Table(Label), 8, 12), PrivilegeTableError.BadTotalLength, 8);
        yield return Case("TotalPastTheBytes", Patched(Table(Label), 8, 28), PrivilegeTableError.BadTotalLength, 8);
        yield return Case("TotalNotAligned", Patched(Table(Label).Concat(new byte[4]).ToArray(), 8, 25), PrivilegeTableError.BadTotalLength, 8);
        yield return Case("MissingRecord", Patched(Table(Label), 12, 2), PrivilegeTableError.BadRecordCount, 12);
        yield return Case("ExtraRecord", Patched(Table(Label, Rec(PrivilegeFormat.Irq, 1)), 12, 1), PrivilegeTableError.BadRecordCount, 24);
        byte[] grown = Patched(Table(Label).Concat(new byte[4]).ToArray(), 8, 28, 0, 0, 0, 2);   // total 28, 2 records
        yield return Case("RecordPastTheTotal", Patched(grown, 24, (byte)PrivilegeFormat.Irq, 0, 4, 0), PrivilegeTableError.TruncatedRecord, 24);
        yield return Case("PayloadPastTheEnd", Patched(Table(Label), 18, 5), PrivilegeTableError.TruncatedRecord, 16);
        yield return Case("NonZeroPadding", Patched(Table(Label), 23, 1), PrivilegeTableError.BadPadding, 16);
        yield return Case("TagZero", Table(Label, Rec(0)), PrivilegeTableError.UnknownTag, 24);
        yield return Case("ServiceVerbsShort", Table(Label, Rec(PrivilegeFormat.ServiceVerbs, 1, 0)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("TagSeventeen", Table(Label, Rec(17, 0, 0, 0, 0)), PrivilegeTableError.UnknownTag, 24);
        yield return Case("TagFfff", Table(Label, Rec(0xffff)), PrivilegeTableError.UnknownTag, 24);
        yield return Case("EmptyLabel", Table(Rec(PrivilegeFormat.Label)), PrivilegeTableError.BadPayloadLength, 16);
        yield return Case("LongLabel", Table(Text(PrivilegeFormat.Label, new string('a', 32))), PrivilegeTableError.BadPayloadLength, 16);
        yield return Case("LongTarget", Table(Label, Text(PrivilegeFormat.IpcTarget, new string('a', 32))), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("LongManager", Table(Label, Text(PrivilegeFormat.SignalManager, new string('a', 32))), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortKernelCalls", Table(Label, Rec(PrivilegeFormat.KernelCalls, 1, 0, 0, 0)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("LongIrq", Table(Label, Rec(PrivilegeFormat.Irq, 1, 0)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortIo", Table(Label, Rec(PrivilegeFormat.IoRange, 1, 0)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortMemory", Table(Label, Rec(PrivilegeFormat.MemoryRange, new byte[8])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortPci", Table(Label, Rec(PrivilegeFormat.PciDevice, 1, 2)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortQuota", Table(Label, Rec(PrivilegeFormat.MemoryQuota, new byte[4])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("LongScheduling", Table(Label, Rec(PrivilegeFormat.Scheduling, new byte[8])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("ShortHeartbeat", Table(Label, Rec(PrivilegeFormat.Heartbeat, new byte[4])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("EmptyScript", Table(Label, Rec(PrivilegeFormat.RecoveryScript)), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("TwoHeartbeats", Table(Label, Rec(PrivilegeFormat.Heartbeat, new byte[8]), Rec(PrivilegeFormat.Heartbeat, new byte[8])), PrivilegeTableError.DuplicateTag, 36);
        yield return Case("ShortRestart", Table(Label, Rec(PrivilegeFormat.Restart, new byte[4])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("LongFlags", Table(Label, Rec(PrivilegeFormat.Flags, new byte[8])), PrivilegeTableError.BadPayloadLength, 24);
        yield return Case("TwoLabels", Table(Label, Label), PrivilegeTableError.DuplicateTag, 24);
        yield return Case("TwoSchedulings", Table(Label, Rec(PrivilegeFormat.Scheduling, 1, 0, 1, 0), Rec(PrivilegeFormat.Scheduling, 1, 0, 1, 0)), PrivilegeTableError.DuplicateTag, 32);
        yield return Case("TooManyTargets", Repeat(33, Text(PrivilegeFormat.IpcTarget, "t")), PrivilegeTableError.TooMany, 24 + 32 * 8);
        yield return Case("TooManyIoRanges", Repeat(17, Rec(PrivilegeFormat.IoRange, 0, 0, 0, 0)), PrivilegeTableError.TooMany, 24 + 16 * 8);
        yield return Case("TooManyIrqs", Repeat(17, Rec(PrivilegeFormat.Irq, 1)), PrivilegeTableError.TooMany, 24 + 16 * 8);
        yield return Case("TooManyMemoryRanges", Repeat(9, Rec(PrivilegeFormat.MemoryRange, 0, 0x10, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)), PrivilegeTableError.TooMany, 24 + 8 * 20);
        yield return Case("UpperCaseLabel", Table(Text(PrivilegeFormat.Label, "Hello")), PrivilegeTableError.BadLabel, 16);
        yield return Case("TargetWithSpace", Table(Label, Text(PrivilegeFormat.IpcTarget, "a b")), PrivilegeTableError.BadLabel, 24);
        yield return Case("ManagerWithNul", Table(Label, Rec(PrivilegeFormat.SignalManager, (byte)'r', 0)), PrivilegeTableError.BadLabel, 24);
        yield return Case("UnknownKernelCall", Table(Label, Rec(PrivilegeFormat.KernelCalls, 0, 0, 0x80, 0, 0, 0, 0, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("ReversedIoRange", Table(Label, Rec(PrivilegeFormat.IoRange, 2, 0, 1, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("Irq16", Table(Label, Rec(PrivilegeFormat.Irq, 16)), PrivilegeTableError.BadValue, 24);
        yield return Case("EmptyMemoryRange", Table(Label, Rec(PrivilegeFormat.MemoryRange, new byte[16])), PrivilegeTableError.BadValue, 24);
        yield return Case("WrappingMemoryRange", Table(Label, Rec(PrivilegeFormat.MemoryRange, 0, 0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x10, 0, 0, 0, 0, 0, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("Priority16", Table(Label, Rec(PrivilegeFormat.Scheduling, 16, 0, 1, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("SchedulingReservedByte", Table(Label, Rec(PrivilegeFormat.Scheduling, 1, 1, 1, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("QuantumZero", Table(Label, Rec(PrivilegeFormat.Scheduling, 1, 0, 0, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("UnknownFlag", Table(Label, Rec(PrivilegeFormat.Flags, 8, 0, 0, 0)), PrivilegeTableError.BadValue, 24);
        yield return Case("NoLabel", Table(Rec(PrivilegeFormat.Irq, 1)), PrivilegeTableError.MissingLabel, 0);
        yield return Case("NoRecords", Table(), PrivilegeTableError.MissingLabel, 0);
    }

    [TestCaseSource(nameof(Defects))]
    public void RejectsDefect(byte[] table, PrivilegeTableError expected, int expectedOffset)
    {
        KernelPrivilege k;
        Assert.That(PrivilegeTableReader.Read(table, &k, out int offset, out PrivilegeTableError error), Is.False);
        Assert.That((error, offset), Is.EqualTo((expected, expectedOffset)));
        Assert.That((k.LabelLength, k.TargetCount, k.IoRangeCount, k.IrqCount, k.MemoryRangeCount, k.Priority), Is.EqualTo(((byte)0, (byte)0, (byte)0, (byte)0, (byte)0, (byte)15)));
        Assert.That(PrivilegeRecords.WithKernelPart(table), Is.Null, "no Kernel record is built from bad records");
    }

    [Test]
    public void TheSmallestValidTableIsJustALabel()
    {
        Privilege p = ReadValid(PrivilegeRecords.WithKernelPart(Table(Label))!);
        Assert.That((p.Record.LabelLength, p.Label[0], p.Record.Priority, p.Record.QuantumMs, p.Record.KernelCalls), Is.EqualTo((1, (byte)'x', (byte)15, (ushort)10, 0UL)));
    }

    [Test]
    public void TheKernelReadsOnlyAKernelRecordFirst()
    {
        byte[] records = Table(Label);
        Assert.That(KernelReads(records, out _), Is.False, "records alone: the kernel parses none");
        byte[] table = PrivilegeRecords.WithKernelPart(records)!;
        Assert.That(PrivilegeRecords.WithKernelPart(table), Is.EqualTo(table), "rebuilding replaces the old Kernel record");
        Assert.That(KernelReads(table, out _), Is.True);
        Assert.That(KernelReads(Patched((byte[])table.Clone(), 18, 0, 0), out int offset), Is.False, "a Kernel record of the wrong size");
        Assert.That(offset, Is.EqualTo(16));
        Assert.That(KernelReads(Patched((byte[])table.Clone(), 0, (byte)'X'), out _), Is.False, "bad magic");
    }

    // The kernel's own checks on the structure (ring 3 built it, but PM, RS
    // or vm could hand over anything): each field out of range is refused.
    private static TestCaseData[] StructureDefects()
    {
        var cases = new List<TestCaseData>();
        void Case(string name, Action<IntPtr> spoil) => cases.Add(new TestCaseData(spoil).SetName("TheKernelRefuses" + name));
        static KernelPrivilege* K(IntPtr p) => (KernelPrivilege*)p;
        Case("NoLabel", p => K(p)->LabelLength = 0);
        Case("LongLabel", p => K(p)->LabelLength = 32);
        Case("LongManager", p => K(p)->ManagerLength = 32);
        Case("TooManyTargets", p => K(p)->TargetCount = 33);
        Case("EmptyTarget", p => K(p)->TargetLengths[0] = 0);
        Case("LongTarget", p => K(p)->TargetLengths[1] = 32);
        Case("TooManyIoRanges", p => K(p)->IoRangeCount = 17);
        Case("ReversedIoRange", p => { K(p)->IoFirst[0] = 2; K(p)->IoLast[0] = 1; });
        Case("TooManyIrqs", p => K(p)->IrqCount = 17);
        Case("Irq16", p => K(p)->Irqs[1] = 16);
        Case("TooManyMemoryRanges", p => K(p)->MemoryRangeCount = 9);
        Case("EmptyMemoryRange", p => K(p)->MemoryLength[0] = 0);
        Case("WrappingMemoryRange", p => K(p)->MemoryBase[1] = ulong.MaxValue - 4);
        Case("Priority16", p => K(p)->Priority = 16);
        Case("QuantumZero", p => K(p)->QuantumMs = 0);
        Case("UnknownFlag", p => K(p)->Flags |= 8);
        Case("UnknownKernelCall", p => K(p)->KernelCalls |= 1UL << (int)KernelCall.Count);
        return cases.ToArray();
    }

    [TestCaseSource(nameof(StructureDefects))]
    public void TheKernelChecksTheStructure(Action<IntPtr> spoil)
    {
        byte[] table = PrivilegeTableWriter.Write(Parse("ipc ds rs\nio 0x60 0x64\nirq 1 12\nmemory 0xb8000+0x1000 0xa0000+0x1000\nmanager rs"));
        Assert.That(KernelReads(table, out _), Is.True);
        fixed (byte* record = &table[20])
            spoil((IntPtr)record);
        Assert.That(KernelReads(table, out int offset), Is.False);
        Assert.That(offset, Is.EqualTo(20));
    }

    // Heartbeat, restart, recovery script, service verbs and PCI ids are
    // RS's (and the PCI server's) to act on: the kernel accepts a table
    // holding them and keeps exactly what it keeps without them; RS reads
    // them from the same compiled table (PrivilegeRecords).
    [Test]
    public void RecordsOnlyRsUsesAreLeftToRs()
    {
        const string kernelPart = "label hello\nipc ds\nkernel diagctl\nirq 4\nmanager rs\nsystem\n";
        const string rsPart = "pci 8086:100e\nheartbeat period=1s misses=5\nrestart limit=5 window=2m\nrecovery /etc/rs/backoff.sh\nservice restart\n";
        byte[] full = PrivilegeTableWriter.Write(Parse(kernelPart + rsPart));
        Privilege withRs = ReadValid(full), without = ReadValid(PrivilegeTableWriter.Write(Parse(kernelPart)));
        Assert.That((withRs.Record.LabelLength, withRs.Record.TargetCount, withRs.Record.KernelCalls, withRs.Record.IrqCount, withRs.Record.Flags, withRs.Record.ManagerLength, withRs.Record.Priority, withRs.Record.QuantumMs),
            Is.EqualTo((without.Record.LabelLength, without.Record.TargetCount, without.Record.KernelCalls, without.Record.IrqCount, without.Record.Flags, without.Record.ManagerLength, without.Record.Priority, without.Record.QuantumMs)));
        PrivilegeRecords.Pair(full, PrivilegeFormat.Heartbeat, out uint period, out uint misses);
        PrivilegeRecords.Pair(full, PrivilegeFormat.Restart, out uint limit, out uint window);
        Assert.That((period, misses, limit, window), Is.EqualTo((1000u, 5u, 5u, 120u)));
        Assert.That(PrivilegeRecords.Text(full, PrivilegeFormat.RecoveryScript), Is.EqualTo("/etc/rs/backoff.sh"));
        Assert.That(PrivilegeRecords.TryFind(full, PrivilegeFormat.ServiceVerbs, out ReadOnlySpan<byte> verbs) && verbs[0] == RsVerbs.Restart, Is.True);
    }
}
