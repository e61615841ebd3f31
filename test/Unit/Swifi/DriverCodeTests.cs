using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Swifi.Mutation;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Swifi;

// Loading, determinism and support of DriverCode.
public class DriverCodeTests
{
    private static DriverCode Load(byte[] elf, string label, out string path)
    {
        path = new TestElf().Write(elf);
        try
        {
            return DriverCode.Load(path, label);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSame(Fault a, Fault b)
    {
        Assert.That(b.Patch.Address, Is.EqualTo(a.Patch.Address));
        Assert.That(b.Patch.Original, Is.EqualTo(a.Patch.Original));
        Assert.That(b.Patch.Replacement, Is.EqualTo(a.Patch.Replacement));
        Assert.That((b.Id, b.Label, b.Type, b.Applied, b.Description), Is.EqualTo((a.Id, a.Label, a.Type, a.Applied, a.Description)));
    }

    [Test]
    public void TheSameArgumentsGiveTheSameFaultWhateverWasMadeBefore()
    {
        byte[] elf = SampleDriver.Build().Build();
        DriverCode forward = Load(elf, "sample", out _), backward = Load(elf, "sample", out _);
        foreach (FaultType type in Enum.GetValues<FaultType>())
        {
            Fault[] up = Enumerable.Range(0, 50).Select(id => forward.Make(id, type, 7)).ToArray();
            Fault[] down = Enumerable.Range(0, 50).Reverse().Select(id => backward.Make(id, type, 7)).Reverse().ToArray();
            for (int id = 0; id < 50; id++)
            {
                AssertSame(up[id], down[id]);
                AssertSame(up[id], forward.Make(id, type, 7));
            }
        }
    }

    [Test]
    public void SeedLabelAndIdChooseTheFault()
    {
        byte[] elf = SampleDriver.Build().Build();
        DriverCode a = Load(elf, "sample", out _), b = Load(elf, "other", out _);
        string Key(Fault f) => f.Patch + f.Description;
        var bySeed = Enumerable.Range(0, 20).Select(s => Key(a.Make(1, FaultType.Text, (ulong)s))).Distinct().Count();
        var byId = Enumerable.Range(0, 20).Select(id => Key(a.Make(id, FaultType.Text, 1))).Distinct().Count();
        var byLabel = Enumerable.Range(0, 20).Count(id => Key(a.Make(id, FaultType.Text, 1)) != Key(b.Make(id, FaultType.Text, 1)));
        Assert.That(bySeed, Is.GreaterThan(10));
        Assert.That(byId, Is.GreaterThan(10));
        Assert.That(byLabel, Is.GreaterThan(10));
        Assert.That(b.Make(3, FaultType.Nop, 1).Label, Is.EqualTo("other"));
    }

    [Test]
    public void CodeWithoutSitesDoesNotSupportTheType()
    {
        DriverCode plain = Load(SampleDriver.Plain().Build(), "plain", out _);
        foreach (FaultType type in new[] { FaultType.Branch, FaultType.Pointer, FaultType.Loop, FaultType.Interface, FaultType.Irq })
        {
            Assert.That(plain.Supports(type), Is.False, FaultTypes.Name(type));
            var e = Assert.Throws<ArgumentException>(() => plain.Make(0, type, 1));
            Assert.That(e!.Message, Does.Contain("plain").And.Contain(FaultTypes.Name(type)));
        }
        foreach (FaultType type in new[] { FaultType.Text, FaultType.Nop, FaultType.Destination, FaultType.Source, FaultType.Random })
            Assert.That(plain.Supports(type), Is.True, FaultTypes.Name(type));
        Assert.That(Enumerable.Range(0, 100).Select(id => plain.Make(id, FaultType.Random, 1).Applied).Distinct(),
            Is.SubsetOf(new[] { FaultType.Text, FaultType.Nop, FaultType.Destination, FaultType.Source }));
        Assert.That(plain.InstructionCount, Is.EqualTo(3));
    }

    [Test]
    public void TheSampleSupportsEveryType()
    {
        DriverCode sample = Load(SampleDriver.Build().Build(), "sample", out _);
        Assert.That(Enum.GetValues<FaultType>().Where(t => !sample.Supports(t)), Is.Empty);
        Assert.That(sample.Label, Is.EqualTo("sample"));
    }

    private static string LoadError(byte[] bytes)
    {
        string path = new TestElf().Write(bytes);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => DriverCode.Load(path, "bad"));
            Assert.That(e!.Message, Does.StartWith(path + ": "));
            return e.Message;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void FilesThatAreNotX86ExecutablesWithCodeAreRefusedClearly()
    {
        byte[] good = SampleDriver.Build().Build();
        Assert.That(LoadError("#!/bin/sh\necho not an elf\n"u8.ToArray()), Does.Contain("not an ELF file"));
        Assert.That(LoadError(good.Take(40).ToArray()), Does.Contain("not an ELF file"));
        Assert.That(LoadError(good.Take(good.Length - 100).ToArray()), Does.Contain("truncated"));
        Assert.That(LoadError(SampleDriver.Build().Build(machine: 183)), Does.Contain("not an x86-64 ELF file"));
        Assert.That(LoadError(SampleDriver.Build().Build(textName: ".data")), Does.Contain("no .text"));
        byte[] elf32 = (byte[])good.Clone();
        elf32[4] = 1;
        Assert.That(LoadError(elf32), Does.Contain("64-bit"));
    }

    [Test]
    public void AMissingFileIsAnInvalidDataErrorNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "swifi-missing-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<InvalidDataException>(() => DriverCode.Load(path, "gone"));
        Assert.That(e!.Message, Does.Contain(path));
    }

    [TestCase("Minix3_Cosmos_Lib_Sys_Minix3_Cosmos_Lib_Sys_Devices__IrqControl", "Devices__IrqControl")]
    [TestCase("e1000_Minix3_Cosmos_Drivers_Net_E1000_E1000Driver__Main", "E1000Driver__Main")]
    [TestCase("Minix3_Cosmos_Runtime_System_Collections_Generic_List_1<Int32>__IndexOf", "List_1<Int32>__IndexOf")]
    [TestCase("Minix3_Cosmos_Runtime_System_Collections_Generic_Dictionary_2<Int32__Int32>__get_Item", "Dictionary_2<Int32__Int32>__get_Item")]
    [TestCase("sys_trap", "sys_trap")]
    [TestCase("__GetGCStaticBase_Minix3_Cosmos_Lib_Driver_DriverLoop", "__GetGCStaticBase_Minix3_Cosmos_Lib_Driver_DriverLoop")]
    public void DescriptionsNameTheTypeAndMethod(string symbol, string shortName) =>
        Assert.That(CodeView.ShortName(symbol), Is.EqualTo(shortName));
}
