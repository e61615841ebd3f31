extern alias protection;

using System;
using System.Linq;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;
using static Minix3.Cosmos.Unit.Protection.PolicyTestHelpers;
using ProtectedCall = protection::Minix3.Cosmos.Lib.Ipc.KernelCall;

namespace Minix3.Cosmos.Unit.Protection;

public class PolicyParserTests
{
    [Test]
    public void ReadsEveryKeywordWithItsLine()
    {
        Policy p = Valid(EveryKeyword);
        Assert.That(p.Label, Is.EqualTo(new Sourced<string>("hello", 2)));
        Assert.That(p.IpcTargets, Is.EqualTo(new[] { new Sourced<string>("ds", 3), new("rs", 3), new("tty", 4) }));
        Assert.That(p.KernelCalls.Select(k => (k.Value, k.Line)),
            Is.EqualTo(new[] { (ProtectedCall.DiagCtl, 5), (ProtectedCall.SetAlarm, 5), (ProtectedCall.DevIo, 5) }));
        Assert.That(p.IoRanges, Is.EqualTo(new[]
        {
            new Sourced<AddressRange>(new(0x3f8, 0x3ff), 6), new(new(0x60, 0x60), 6), new(new(0x2f8, 0x2ff), 7),
        }));
        Assert.That(p.Irqs, Is.EqualTo(new[] { new Sourced<ulong>(4, 8), new(3, 8) }));
        Assert.That(p.MemoryRanges, Is.EqualTo(new[]
        {
            new Sourced<AddressRange>(new(0xb8000, 0xb8fff), 9), new(new(0xa0000, 0xaffff), 9),
        }));
        Assert.That(p.PciDevices, Is.EqualTo(new[] { new Sourced<PciId>(new(0x8086, 0x100e), 10), new(new(0x10ec, 0x8139), 10) }));
        Assert.That(p.MemoryQuota, Is.EqualTo(new Sourced<ulong>(4UL << 20, 11)));
        Assert.That(p.Priority, Is.EqualTo(new Sourced<ulong>(4, 12)));
        Assert.That(p.QuantumMs, Is.EqualTo(new Sourced<ulong>(20, 13)));
        Assert.That(p.Heartbeat, Is.EqualTo(new Sourced<HeartbeatSetting>(new(1000, 5), 14)));
        Assert.That(p.Restart, Is.EqualTo(new Sourced<RestartSetting>(new(5, 120_000), 15)));
        Assert.That(p.RecoveryScript, Is.EqualTo(new Sourced<string>("/etc/rs/backoff.sh", 16)));
        Assert.That(p.Manager, Is.EqualTo(new Sourced<string>("rs", 17)));
        Assert.That(p.SystemLine, Is.EqualTo(18));
        Assert.That(p.IsSystem, Is.True);
        Assert.That(p.CriticalLine, Is.EqualTo(19));
        Assert.That(p.IsCritical, Is.True);
    }

    [Test]
    public void AnEmptyPolicyAllowsNothingAndTakesItsLabelFromTheFileName()
    {
        Policy p = Valid("# nothing at all\n\n   \t\n", "src/Servers/Ds/Ds.policy");
        Assert.That(p.Label, Is.Null);
        Assert.That(p.EffectiveLabel, Is.EqualTo("ds"));
        Assert.That(p.EffectiveManager, Is.EqualTo("rs"));
        Assert.That(p.IpcTargets, Is.Empty);
        Assert.That(p.KernelCalls, Is.Empty);
        Assert.That(p.IoRanges, Is.Empty);
        Assert.That(p.Irqs, Is.Empty);
        Assert.That(p.MemoryRanges, Is.Empty);
        Assert.That(p.PciDevices, Is.Empty);
        Assert.That(p.MemoryQuota, Is.Null);
        Assert.That(p.Priority, Is.Null);
        Assert.That(p.IsSystem, Is.False);
        Assert.That(p.IsCritical, Is.False);
    }

    [Test]
    public void TheDefaultManagerDoesNotManageItself()
    {
        Assert.That(Valid("", "src/Servers/Rs/Rs.policy").EffectiveManager, Is.Null);
        Assert.That(Valid("label rs\nmanager pm").EffectiveManager, Is.EqualTo("pm"));
    }

    [Test]
    public void AcceptsTabsCrLfAndDefaultOptions()
    {
        Policy p = Valid("label\thello\r\nheartbeat period=500ms\r\nrestart limit=2\r\n");
        Assert.That(p.Label?.Value, Is.EqualTo("hello"));
        Assert.That(p.Heartbeat?.Value, Is.EqualTo(new HeartbeatSetting(500, PolicyDefaults.HeartbeatMisses)));
        Assert.That(p.Restart?.Value, Is.EqualTo(new RestartSetting(2, PolicyDefaults.RestartWindowMs)));
        Assert.That(p.Restart?.Line, Is.EqualTo(3));
    }

    [TestCase("20", 20UL)]
    [TestCase("0x3F8", 0x3f8UL)]
    [TestCase("0xffffffffffffffff", ulong.MaxValue)]
    [TestCase("18446744073709551615", ulong.MaxValue)]
    public void ParsesNumbers(string text, ulong expected)
    {
        Assert.That(ValueSyntax.TryParseNumber(text, out ulong value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("0x")]
    [TestCase("-1")]
    [TestCase("12a")]
    [TestCase("0x1ffffffffffffffff")]
    [TestCase("18446744073709551616")]
    public void RejectsMalformedNumbers(string text) => Assert.That(ValueSyntax.TryParseNumber(text, out _), Is.False);

    [TestCase("4096", 4096UL)]
    [TestCase("4K", 4096UL)]
    [TestCase("4M", 4UL << 20)]
    [TestCase("2g", 2UL << 30)]
    [TestCase("0x10K", 16UL << 10)]
    public void ParsesSizes(string text, ulong expected)
    {
        Assert.That(ValueSyntax.TryParseSize(text, out ulong value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("20ms", 20UL)]
    [TestCase("1s", 1000UL)]
    [TestCase("2m", 120_000UL)]
    [TestCase("1h", 3_600_000UL)]
    public void ParsesDurations(string text, ulong expected)
    {
        Assert.That(ValueSyntax.TryParseDurationMs(text, out ulong value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("20")]
    [TestCase("ms")]
    [TestCase("1d")]
    [TestCase("18446744073709551615s")]
    public void RejectsMalformedDurations(string text) => Assert.That(ValueSyntax.TryParseDurationMs(text, out _), Is.False);

    [TestCase("0x3f8-0x3ff", true, 0x3f8UL, 0x3ffUL)]
    [TestCase("0x3f8+8", true, 0x3f8UL, 0x3ffUL)]
    [TestCase("0x60", true, 0x60UL, 0x60UL)]
    [TestCase("0xffffffffffffffff+1", false, ulong.MaxValue, ulong.MaxValue)]
    public void ParsesRanges(string text, bool allowSingle, ulong first, ulong last)
    {
        Assert.That(ValueSyntax.TryParseRange(text, allowSingle, out AddressRange range, out string problem), Is.True, problem);
        Assert.That(range, Is.EqualTo(new AddressRange(first, last)));
    }

    [TestCase("0x60", false)]
    [TestCase("0x60+0", true)]
    [TestCase("0xffffffffffffffff+2", true)]
    [TestCase("1-2+3", true)]
    [TestCase("0x3f8-", true)]
    [TestCase("-5", true)]
    public void RejectsMalformedRanges(string text, bool allowSingle) =>
        Assert.That(ValueSyntax.TryParseRange(text, allowSingle, out _, out _), Is.False);

    // Syntax errors: the code and the line they are reported on.
    [TestCase("label hello\nprioritty 4", PolicyError.UnknownKeyword, 2)]
    [TestCase("Label hello", PolicyError.UnknownKeyword, 1)]
    [TestCase("\n\npriority", PolicyError.ArgumentCount, 3)]
    [TestCase("priority 1 2", PolicyError.ArgumentCount, 1)]
    [TestCase("system yes", PolicyError.ArgumentCount, 1)]
    [TestCase("ipc", PolicyError.ArgumentCount, 1)]
    [TestCase("heartbeat misses=3", PolicyError.ArgumentCount, 1)]
    [TestCase("restart window=60s", PolicyError.ArgumentCount, 1)]
    [TestCase("heartbeat period=1s misses=3 extra=1", PolicyError.ArgumentCount, 1)]
    [TestCase("irq four", PolicyError.MalformedNumber, 1)]
    [TestCase("priority 0x", PolicyError.MalformedNumber, 1)]
    [TestCase("quota 4X", PolicyError.MalformedNumber, 1)]
    [TestCase("quantum 20", PolicyError.MalformedNumber, 1)]
    [TestCase("pci 8086", PolicyError.MalformedNumber, 1)]
    [TestCase("pci 8086:12345", PolicyError.MalformedNumber, 1)]
    [TestCase("heartbeat period=soon", PolicyError.MalformedNumber, 1)]
    [TestCase("io 0x3f8-", PolicyError.MalformedRange, 1)]
    [TestCase("io 0x60+0", PolicyError.MalformedRange, 1)]
    [TestCase("memory 0xb8000", PolicyError.MalformedRange, 1)]
    [TestCase("memory 0xffffffffffffffff+0x1000", PolicyError.MalformedRange, 1)]
    [TestCase("priority 1\npriority 2", PolicyError.DuplicateKeyword, 2)]
    [TestCase("system\n# again\nsystem", PolicyError.DuplicateKeyword, 3)]
    [TestCase("label a\nlabel b", PolicyError.DuplicateKeyword, 2)]
    [TestCase("kernel diagctl devi0", PolicyError.UnknownKernelCall, 1)]
    [TestCase("kernel DiagCtl", PolicyError.UnknownKernelCall, 1)]
    [TestCase("kernel count", PolicyError.UnknownKernelCall, 1)]
    [TestCase("service restart kill", PolicyError.UnknownServiceVerb, 1)]
    [TestCase("service status", PolicyError.UnknownServiceVerb, 1)]
    [TestCase("heartbeat period=1s every=2s", PolicyError.UnknownOption, 1)]
    [TestCase("restart limit=1 limit=2", PolicyError.UnknownOption, 1)]
    [TestCase("restart limit", PolicyError.UnknownOption, 1)]
    [TestCase("heartbeat none", PolicyError.ArgumentCount, 1)]
    [TestCase("heartbeat none reason=\"a\" more", PolicyError.ArgumentCount, 1)]
    [TestCase("heartbeat none period=1s", PolicyError.UnknownOption, 1)]
    [TestCase("heartbeat none because=\"it is\"", PolicyError.UnknownOption, 1)]
    [TestCase("\nheartbeat none reason=\"no closing quote", PolicyError.MalformedNumber, 2)]
    public void ReportsSyntaxErrors(string text, string code, int line) => SingleError(text, code, line);

    // `heartbeat none`: RS does not ping it, and the quoted reason (spaces
    // and '#' kept, quotes dropped) says why; nothing goes into the table.
    [Test]
    public void HeartbeatNoneKeepsItsQuotedReason()
    {
        Policy p = Valid("heartbeat none reason=\"RS pings the others; # not a comment\"   # a comment\n");
        Assert.That(p.Heartbeat?.Value.IsNone, Is.True);
        Assert.That(p.Heartbeat?.Value.NoneReason, Is.EqualTo("RS pings the others; # not a comment"));
        Assert.That(p.Heartbeat?.Line, Is.EqualTo(1));
        Assert.That(Valid("heartbeat period=1s misses=1").Heartbeat?.Value.IsNone, Is.False);
    }

    // `service`: what RS serves the component, one bit per verb in the
    // ServiceVerbs record; nothing when absent; a verb twice is refused.
    [Test]
    public void ServiceVerbsBecomeOneRecord()
    {
        Policy p = Valid("service restart fi\nservice update");
        Assert.That(p.ServiceVerbs.Select(v => v.Value), Is.EqualTo(new[] { RsVerbs.Restart, RsVerbs.Inject, RsVerbs.Update }));
        byte[] table = PrivilegeTableWriter.Write(p);
        Assert.That(PrivilegeRecords.TryFind(table, PrivilegeFormat.ServiceVerbs, out ReadOnlySpan<byte> payload), Is.True);
        Assert.That(BitConverter.ToUInt32(payload), Is.EqualTo(RsVerbs.Restart | RsVerbs.Inject | RsVerbs.Update));
        Assert.That(PrivilegeRecords.TryFind(PrivilegeTableWriter.Write(Valid("")), PrivilegeFormat.ServiceVerbs, out _), Is.False);
        Assert.That(Check("service up up").Single().Code, Is.EqualTo(PolicyError.DuplicateEntry));
    }

    [Test]
    public void QuotesGroupWordsInAnyArgument()
    {
        Policy p = Valid("ipc \"ds\" t\"t\"y");
        Assert.That(p.IpcTargets.Select(t => t.Value), Is.EqualTo(new[] { "ds", "tty" }));
        Assert.That(Check("label \"a b\"").Single().Code, Is.EqualTo(PolicyError.LabelCharacters), "a quoted space is part of the label");
    }

    [Test]
    public void TheUnknownKernelCallMessageListsTheKnownCalls()
    {
        Diagnostic d = SingleError("kernel devi0", PolicyError.UnknownKernelCall, 1);
        Assert.That(d.Message, Does.Contain("'devi0'"));
        Assert.That(d.Message, Does.Contain(string.Join(", ", PolicyParser.KernelCallNames)));
        Assert.That(PolicyParser.KernelCallNames, Has.Count.EqualTo((int)ProtectedCall.Count));
        Assert.That(PolicyParser.KernelCallNames[0], Is.EqualTo("devio"));
        Assert.That(PolicyParser.KernelCallNames, Does.Contain("safecopyfrom").And.Contain("diagctl"));
    }

    [Test]
    public void TheRepeatedKeywordMessageNamesTheFirstLine()
    {
        Diagnostic d = SingleError("quota 1M\n\nquota 2M", PolicyError.DuplicateKeyword, 3);
        Assert.That(d.Message, Does.Contain("line 1"));
    }

    [Test]
    public void KeepsReadingAfterAnErrorAndReportsEveryOne()
    {
        var diagnostics = Check("bogus\npriority x\nirq 3\nio 1-\nkernel nope");
        Assert.That(diagnostics.Select(d => (d.Code, d.Line)), Is.EqualTo(new[]
        {
            (PolicyError.UnknownKeyword, 1), (PolicyError.MalformedNumber, 2), (PolicyError.MalformedRange, 4), (PolicyError.UnknownKernelCall, 5),
        }));
    }

    [Test]
    public void CommentsEndTheLineAnywhere()
    {
        Policy p = Valid("irq 3 # 4 5\n#irq 6\n   # indented comment");
        Assert.That(p.Irqs.Select(i => i.Value), Is.EqualTo(new[] { 3UL }));
    }
}
