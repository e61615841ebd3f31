extern alias protection;

using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Protection;

// Shared by the policy tests: parse-and-validate one policy text, and assert
// on the diagnostics it produces.
internal static class PolicyTestHelpers
{
    public const string File = "src/Drivers/Hello/Hello.policy";

    // A policy using every keyword (the README example, in-image friendly).
    public const string EveryKeyword = """
        # Hello: the template driver.
        label      hello                  # comment after a value
        ipc        ds rs
        ipc        tty
        kernel     diagctl setalarm devio
        io         0x3f8-0x3ff 0x60
        io         0x2f8+8
        irq        4 3
        memory     0xb8000+0x1000 0xa0000-0xaffff
        pci        8086:100e 10EC:8139
        quota      4M
        priority   4
        quantum    20ms
        heartbeat  period=1s misses=5
        restart    limit=5 window=2m
        recovery   /etc/rs/backoff.sh
        manager    rs
        system
        critical
        """;

    public static List<Diagnostic> Check(string text, string file = File)
    {
        var diagnostics = new List<Diagnostic>();
        PolicyCompiler.Check(new PolicySource(file, text), diagnostics);
        return diagnostics;
    }

    public static Policy Valid(string text, string file = File)
    {
        var diagnostics = new List<Diagnostic>();
        Policy policy = PolicyCompiler.Check(new PolicySource(file, text), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        return policy;
    }

    // Exactly one diagnostic, with this code on this line.
    public static Diagnostic SingleError(string text, string code, int line)
    {
        var diagnostics = Check(text);
        Assert.That(diagnostics.Select(d => $"{d.Code}@{d.Line}"), Is.EqualTo(new[] { $"{code}@{line}" }), string.Join("\n", diagnostics));
        return diagnostics[0];
    }
}
