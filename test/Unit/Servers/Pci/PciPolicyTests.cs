extern alias protection;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Unit.Asm;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;

namespace Minix3.Cosmos.Unit.Servers.Pci;

// The policy side of the PCI path: the `pci` lines RS reads out of a
// compiled table for pci (every one, in order), and the rule that pci
// alone has the configuration ports.
public class PciPolicyTests
{
    private static byte[] Compile(string text)
    {
        var diagnostics = new List<Diagnostic>();
        Policy policy = PolicyCompiler.Check(new PolicySource("driver.policy", text), diagnostics);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        return PrivilegeTableWriter.Write(policy);
    }

    private static List<uint> PciLines(byte[] table)
    {
        var ids = new List<uint>();
        for (int i = 0; PrivilegeRecords.TryFind(table, PrivilegeFormat.PciDevice, i, out ReadOnlySpan<byte> id); i++)
            ids.Add(BitConverter.ToUInt32(id));
        return ids;
    }

    [Test]
    public void EveryPciLineOfATableIsFoundInPolicyOrder()
    {
        byte[] table = Compile("kernel devio\nio 0x80\npci 8086:100e 10ec:8139\nirq 5\npci 8086:7010\nquota 1M");
        Assert.That(PciLines(table), Is.EqualTo(new[] { 0x100e_8086u, 0x8139_10ecu, 0x7010_8086u }));
        Assert.That(PrivilegeRecords.TryFind(table, PrivilegeFormat.PciDevice, out ReadOnlySpan<byte> first), Is.True);
        Assert.That(BitConverter.ToUInt32(first), Is.EqualTo(0x100e_8086u), "the first is still the first");
        Assert.That(PrivilegeRecords.TryFind(table, PrivilegeFormat.PciDevice, -1, out _), Is.False);
    }

    [Test]
    public void ATableWithoutPciLinesListsNone()
    {
        Assert.That(PciLines(Compile("kernel devio\nio 0x80\nquota 1M")), Is.Empty);
        Assert.That(PciLines(new byte[8]), Is.Empty, "a malformed table lists nothing");
    }

    // Configuration space reaches every device's decoders and bus
    // mastering: with those ports, any driver could point a device's DMA
    // anywhere. Every policy of the tree (system image, test image,
    // benchmarks, overlays) but pci's stays clear of 0xCF8-0xCFF.
    [Test]
    public void OnlyPciHasTheConfigurationPorts()
    {
        string root = AsmTestHelpers.RepoRoot();
        var files = new[] { "src", "test", "bench", "iso" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.policy", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.That(files, Has.Count.GreaterThan(20));
        var holders = new List<string>();
        foreach (string file in files)
        {
            Policy policy = PolicyParser.ParseFile(file, new List<Diagnostic>());
            if (policy.IoRanges.Any(r => r.Value.First <= 0xCFF && r.Value.Last >= 0xCF8))
                holders.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        Assert.That(holders, Is.EqualTo(new[] { "src/Servers/Pci/Pci.policy" }));
    }
}
